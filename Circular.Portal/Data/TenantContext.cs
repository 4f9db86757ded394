using System.Security.Claims;
using Circular.Portal.Accounts;
using Microsoft.AspNetCore.Components.Authorization;

namespace Circular.Portal.Data;

/// <summary>
/// Who the current scope acts for. A company user acts for their company; a named system service
/// (sync jobs, the Marketplace API, support search) may bypass the tenant filter explicitly.
/// </summary>
public sealed class TenantContext(IServiceProvider services)
{
    private int? _explicitCompanyId;
    private string? _systemService;

    /// <summary>The company this scope acts for, or null when nobody is signed in or a support user has no tenant.</summary>
    public int? CompanyId => _explicitCompanyId ?? CompanyIdFrom(CurrentUser());

    /// <summary>Set only by <see cref="RunAsSystem"/>; names the service that bypasses the filter.</summary>
    public string? SystemService => _systemService;

    public bool BypassesFilter => _systemService is not null;

    /// <summary>Acts for one company (background jobs, the Marketplace API after it resolved the job's company).</summary>
    public void ActFor(int companyId) => _explicitCompanyId = companyId;

    /// <summary>Lets a named system service read and write across companies. Every use is named so it can be found.</summary>
    public void RunAsSystem(string serviceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        _systemService = serviceName;
    }

    public ClaimsPrincipal? CurrentUser()
    {
        // In a circuit the HttpContext is gone; the authentication state provider holds the user.
        var authState = services.GetService<AuthenticationStateProvider>();
        if (authState is not null)
        {
            try
            {
                var task = authState.GetAuthenticationStateAsync();
                if (task.IsCompletedSuccessfully && task.Result.User.Identity?.IsAuthenticated == true)
                {
                    return task.Result.User;
                }
            }
            catch (InvalidOperationException)
            {
                // Not initialised for this scope (a plain HTTP endpoint): fall through to the HttpContext.
            }
        }
        var http = services.GetService<IHttpContextAccessor>()?.HttpContext;
        return http?.User.Identity?.IsAuthenticated == true ? http.User : null;
    }

    private static int? CompanyIdFrom(ClaimsPrincipal? user)
    {
        var raw = user?.FindFirst(PortalClaims.CompanyId)?.Value;
        return int.TryParse(raw, out var id) ? id : null;
    }
}
