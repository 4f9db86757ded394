namespace Circular.Portal.Sync.Push;

public static class PushRegistration
{
    /// <summary>The push outbox, its per-connection worker step and what the pages ask of pushes.</summary>
    public static IServiceCollection AddPush(this IServiceCollection services)
    {
        services.AddSingleton<PushOutbox>();
        services.AddSingleton<PushPayloads>();
        services.AddSingleton<CvFetchLog>();
        services.AddScoped<CandidatePushes>();
        return services;
    }
}
