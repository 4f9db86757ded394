namespace Circular.Portal.Marketplace.Platform;

public static class PlatformRegistration
{
    /// <summary>Telling the platform: the webhook sender (drained by <see cref="PlatformWebhookJob"/>) and the changes feed's options.</summary>
    public static IHostApplicationBuilder AddPlatformEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PlatformWebhookOptions>().Bind(builder.Configuration.GetSection("Platform"));
        // No resilience handler: a failed POST is retried by the sender's own backoff, never by the pipeline.
        builder.Services.AddHttpClient(PlatformWebhookSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddScoped<PlatformWebhookSender>();
        builder.Services.AddScoped<PlatformWebhookJob>();
        return builder;
    }
}
