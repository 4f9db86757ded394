using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Marketplace.Api;

public sealed class MarketplaceApiOptions
{
    /// <summary>The key the Circular platform sends in <c>X-Api-Key</c>. Unset means the API refuses every call.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>Authenticates the Circular platform by its API key, compared in constant time.</summary>
public sealed class PlatformApiKeyFilter(IOptions<MarketplaceApiOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.ApiKey;
        var given = context.HttpContext.Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(expected) || !FixedTimeEquals(expected, given))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"Send the platform API key in the {HeaderName} header.");
        }
        return await next(context);
    }

    private static bool FixedTimeEquals(string expected, string given)
    {
        // Hash both sides first so the comparison takes the same time whatever the lengths.
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
