namespace Circular.Portal.Sandbox;

public sealed class SandboxOptions
{
    /// <summary>On by default in Development, off otherwise.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Point every provider at the built-in emulators (Development default), so a newcomer sees the whole flow without accounts.
    /// The URL the providers use is <see cref="PublicUrl"/>.
    /// </summary>
    public bool UseForProviders { get; set; }

    /// <summary>Where the sandbox is reachable, e.g. http://localhost:5080 (the portal itself) or a separate sandbox host.</summary>
    public string PublicUrl { get; set; } = "http://localhost:5080";
}

public static class SandboxRegistration
{
    public static IServiceCollection AddSandboxEmulators(this IServiceCollection services)
    {
        services.AddSingleton<SandboxRateLimiter>();
        services.AddSingleton<SandboxWebhookSender>();
        services.AddSingleton<SandboxCvFetcher>();
        services.AddHttpClient(SandboxWebhookSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        // Each vendor registers its emulator here, one line each (see Sandbox/<Vendor>/).
        services.AddSingleton<ISandboxEmulator, Workable.WorkableEmulator>();
        services.AddSingleton<ISandboxEmulator, Greenhouse.GreenhouseEmulator>();
        services.AddSingleton<ISandboxEmulator, Teamtailor.TeamtailorEmulator>();
        services.AddSingleton<ISandboxEmulator, Recruitee.RecruiteeEmulator>();
        services.AddSingleton<ISandboxEmulator, Lever.LeverEmulator>();
        return services;
    }

    /// <summary>Adds the sandbox to the portal when enabled, and points the providers at it when asked.</summary>
    public static IHostApplicationBuilder AddSandbox(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Sandbox");
        var enabled = section.GetValue("Enabled", builder.Environment.IsDevelopment());
        builder.Services.Configure<SandboxOptions>(o =>
        {
            section.Bind(o);
            o.Enabled = enabled;
        });
        if (!enabled) return builder;
        builder.Services.AddSandboxEmulators();
        if (section.GetValue("UseForProviders", builder.Environment.IsDevelopment()))
        {
            var root = SandboxRoot(section["PublicUrl"] ?? new SandboxOptions().PublicUrl);
            using var probe = builder.Services.BuildServiceProvider();
            var settings = probe.GetServices<ISandboxEmulator>().SelectMany(e => e.ProviderConfiguration(root));
            // Only fill what is not configured explicitly: a real vendor URL in configuration always wins.
            builder.Configuration.AddInMemoryCollection(settings.Where(s => builder.Configuration[s.Key] is null));
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder app)
    {
        var emulators = app.ServiceProvider.GetServices<ISandboxEmulator>().ToList();
        if (emulators.Count == 0) return app;
        var root = app.MapGroup("/sandbox").AllowAnonymous().DisableAntiforgery();
        foreach (var emulator in emulators)
        {
            emulator.MapEndpoints(root.MapGroup("/" + emulator.Vendor));
        }
        return app;
    }

    public static Uri SandboxRoot(string publicUrl) => new(publicUrl.TrimEnd('/') + "/sandbox/");
}
