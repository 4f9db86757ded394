using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Circular.Portal.Hosting;

/// <summary>
/// Keeps secrets out of the logs at every level. Some framework categories write what the browser or a vendor sent:
/// SignalR's hub dispatcher logs every circuit message at Debug (a token typed into the wizard), Blazor's navigation
/// manager logs the vendor consent URL with its <c>state</c>, and the host's request log writes the full URL with the
/// OAuth callback's <c>code</c> and <c>state</c>. Those categories are held at a level where they write no input,
/// whatever the configuration asks, and the request log is written by HTTP logging with the sensitive query values
/// redacted instead.
/// </summary>
public static class SensitiveLogging
{
    /// <summary>Category → the lowest level it may log at.</summary>
    public static readonly IReadOnlyDictionary<string, LogLevel> Floors = new Dictionary<string, LogLevel>
    {
        ["Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher"] = LogLevel.Information,
        ["Microsoft.AspNetCore.Components.Server.Circuits.RemoteNavigationManager"] = LogLevel.Information,
        ["Microsoft.AspNetCore.Hosting.Diagnostics"] = LogLevel.Warning,
    };

    /// <summary>Query parameters whose values never reach a log line.</summary>
    public static readonly IReadOnlySet<string> SecretQueryKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "code", "state", "sig", "token", "access_token", "refresh_token", "id_token", "client_secret", "password", "returnUrl",
    };

    public static IHostApplicationBuilder AddSensitiveLogging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IPostConfigureOptions<LoggerFilterOptions>, FloorRules>();
        builder.Services.AddHttpLogging(options =>
        {
            options.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.RequestQuery
                | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            options.CombineLogs = true;
        });
        builder.Services.AddHttpLoggingInterceptor<RedactingInterceptor>();
        return builder;
    }

    /// <summary>The query string with the values of <see cref="SecretQueryKeys"/> replaced.</summary>
    public static string RedactQuery(QueryString query)
    {
        if (!query.HasValue) return "";
        var parts = QueryHelpers.ParseQuery(query.Value).Select(pair =>
            SecretQueryKeys.Contains(pair.Key) ? new KeyValuePair<string, StringValues>(pair.Key, "redacted") : pair);
        return QueryString.Create(parts).Value ?? "";
    }

    /// <summary>
    /// Adds each floor after every other rule, once for rules without a provider and once for each provider that has
    /// its own rules: a provider-specific rule always wins over a general one, so a floor must exist at both.
    /// </summary>
    private sealed class FloorRules : IPostConfigureOptions<LoggerFilterOptions>
    {
        public void PostConfigure(string? name, LoggerFilterOptions options)
        {
            var providers = options.Rules.Select(r => r.ProviderName).Distinct().ToList();
            if (!providers.Contains(null)) providers.Add(null);
            foreach (var provider in providers)
            {
                foreach (var (category, floor) in Floors)
                {
                    var configured = options.Rules.LastOrDefault(r => r.ProviderName == provider && r.CategoryName == category)?.LogLevel;
                    var level = configured is { } c && c > floor ? c : floor;
                    options.Rules.Add(new LoggerFilterRule(provider, category, level, null));
                }
            }
        }
    }

    private sealed class RedactingInterceptor : IHttpLoggingInterceptor
    {
        public ValueTask OnRequestAsync(HttpLoggingInterceptorContext logContext)
        {
            if (logContext.TryDisable(HttpLoggingFields.RequestQuery))
            {
                logContext.AddParameter("QueryString", RedactQuery(logContext.HttpContext.Request.QueryString));
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask OnResponseAsync(HttpLoggingInterceptorContext logContext) => ValueTask.CompletedTask;
    }
}
