using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Circular.Portal.Components;

/// <summary>Limits of the Blazor Server circuits, set explicitly (section <c>Circuits</c>), and how many one user may hold.</summary>
public sealed class CircuitLimits
{
    /// <summary>Open circuits (browser tabs) per signed-in user; the next one is refused.</summary>
    public int MaxPerUser { get; set; } = 10;

    public int DisconnectedCircuitMaxRetained { get; set; } = 100;
    public TimeSpan DisconnectedCircuitRetentionPeriod { get; set; } = TimeSpan.FromMinutes(3);
    public TimeSpan JSInteropDefaultCallTimeout { get; set; } = TimeSpan.FromMinutes(1);
    public int MaxBufferedUnacknowledgedRenderBatches { get; set; } = 10;

    /// <summary>SignalR's 32 KB default: no component needs more (CV uploads stream through the API, not the circuit).</summary>
    public long MaximumReceiveMessageSize { get; set; } = 32 * 1024;
}

public static class CircuitRegistration
{
    public static IHostApplicationBuilder AddPortalCircuits(this IHostApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("Circuits").Get<CircuitLimits>() ?? new CircuitLimits();
        builder.Services.AddSingleton(limits);
        builder.Services.Configure<CircuitOptions>(o =>
        {
            o.DisconnectedCircuitMaxRetained = limits.DisconnectedCircuitMaxRetained;
            o.DisconnectedCircuitRetentionPeriod = limits.DisconnectedCircuitRetentionPeriod;
            o.JSInteropDefaultCallTimeout = limits.JSInteropDefaultCallTimeout;
            o.MaxBufferedUnacknowledgedRenderBatches = limits.MaxBufferedUnacknowledgedRenderBatches;
            o.DetailedErrors = builder.Environment.IsDevelopment();
        });
        builder.Services.AddServerSideBlazor().AddHubOptions(o => o.MaximumReceiveMessageSize = limits.MaximumReceiveMessageSize);
        builder.Services.AddSingleton<UserCircuitCounter>();
        builder.Services.AddScoped<CircuitHandler, PerUserCircuitLimit>();
        return builder;
    }
}
