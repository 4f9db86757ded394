using System.Security.Claims;
using Circular.Portal.Accounts;

namespace Circular.Portal.Data;

/// <summary>
/// Who the current scope acts for. A company user acts for their company; a named system service
/// (sync jobs, the Marketplace API, support search) may bypass the tenant filter explicitly.
/// The company comes from the scope's <see cref="Actor"/>, so an impersonation that ran out stops reaching the company at once.
/// </summary>
public sealed class TenantContext(IServiceProvider services)
{
    private int? _explicitCompanyId;
    private string? _systemService;
    private CurrentActor? _current;

    private CurrentActor Current => _current ??= services.GetService<CurrentActor>() ?? new CurrentActor(services);

    /// <summary>The company this scope acts for, or null when nobody is signed in or a support user has no tenant.</summary>
    public int? CompanyId => _explicitCompanyId ?? Current.Resolve().CompanyId;

    /// <summary>Set only by <see cref="RunAsSystem"/>; names the service that bypasses the filter.</summary>
    public string? SystemService => _systemService;

    public bool BypassesFilter => _systemService is not null;

    /// <summary>
    /// Who acts, read fresh on every call (the circuit's user can change, an impersonation can run out). A named system
    /// service or a company named explicitly (a background job) acts without a person unless a person is signed in.
    /// </summary>
    public Actor Actor
    {
        get
        {
            if (_systemService is not null) return new Actor(ActorMode.System, SystemService: _systemService, CompanyId: _explicitCompanyId);
            var person = Current.Resolve();
            if (_explicitCompanyId is { } companyId)
            {
                return person.IsPerson ? person with { CompanyId = companyId } : new Actor(ActorMode.Company, CompanyId: companyId);
            }
            return person;
        }
    }

    /// <summary>The scope's clock (the one tests move).</summary>
    public TimeProvider Clock => services.GetService<TimeProvider>() ?? TimeProvider.System;

    /// <summary>The client's address, where a request carries one.</summary>
    public string? ClientAddress => Current.ClientAddress();

    /// <summary>Acts for one company (background jobs, the Marketplace API after it resolved the job's company).</summary>
    public void ActFor(int companyId) => _explicitCompanyId = companyId;

    /// <summary>Lets a named system service read and write across companies. Every use is named so it can be found.</summary>
    public void RunAsSystem(string serviceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        _systemService = serviceName;
    }

    public ClaimsPrincipal? CurrentUser() => Current.Principal();
}
