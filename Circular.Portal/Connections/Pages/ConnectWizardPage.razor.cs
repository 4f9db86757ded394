using Circular.Portal.Data;
using Circular.Portal.Providers;
using Circular.Portal.Sync;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace Circular.Portal.Connections.Pages;

/// <summary>
/// The connect wizard of one vendor. Its steps come from the provider's traits (OAuth sign-in or API key fields,
/// acting user, webhooks), so no step branches on the vendor itself.
/// </summary>
public sealed partial class ConnectWizardPage
{
    private const string StepSignIn = "Sign in";
    private const string StepCredentials = "API key";
    private const string StepSetup = "Set up";
    private const string StepActingUser = "Acting user";
    private const string StepWebhooks = "Webhooks";
    private const string StepFirstSync = "First sync";

    [Parameter] public string Vendor { get; set; } = "";
    [SupplyParameterFromQuery] public string? Connected { get; set; }
    [SupplyParameterFromQuery(Name = "error")] public string? ProtectedError { get; set; }

    [Inject] private AtsProviders Providers { get; set; } = default!;
    [Inject] private IDbContextFactory<PortalDbContext> DbFactory { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private OAuthResultMessages ResultMessages { get; set; } = default!;
    [Inject] private SyncEvents Events { get; set; } = default!;
    [Inject] private TenantContext Tenant { get; set; } = default!;

    private IAtsProvider? _provider;
    private AtsConnection? _connection;
    private SyncRun? _run;
    private List<string> _steps = [];
    private int _step;
    private string? _error;
    private List<BreadcrumbItem> _crumbs = [];

    private string CurrentStep => _steps.Count == 0 ? "" : _steps[_step];

    protected override async Task OnParametersSetAsync()
    {
        if (!Enum.TryParse<AtsKind>(Vendor, ignoreCase: true, out var kind) || !string.Equals(Vendor, kind.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            Navigation.NotFound();
            return;
        }
        _provider = Providers.Get(kind);
        _crumbs = [new("ATS Integration", "/integrations"), new(_provider.Traits.DisplayName, null, disabled: true)];
        _steps = [_provider.Traits.AuthMethod == AtsAuthMethod.OAuth ? StepSignIn : StepCredentials];
        if (_provider.Traits.HasSetupStep) _steps.Add(StepSetup);
        if (_provider.Traits.NeedsActingUser) _steps.Add(StepActingUser);
        _steps.AddRange([StepWebhooks, StepFirstSync]);
        _error = ResultMessages.Unprotect(ProtectedError);
        await LoadAsync();
        // Back from the vendor's consent page: go on with the next step. A connection left half-way resumes where it stopped.
        _step = Connected == "1" && _connection is not null ? 1 : ResumeStep();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender) Events.ConnectionChanged += OnChangedAsync;
    }

    private async Task LoadAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        _connection = await db.Connections.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Kind == _provider!.Kind && c.State != ConnectionState.Disconnected);
        _run = _connection is null ? null
            : await db.SyncRuns.AsNoTracking().Where(r => r.ConnectionId == _connection.Id && r.Kind != SyncRunKind.StatusPoll).OrderByDescending(r => r.Id).FirstOrDefaultAsync();
    }

    /// <summary>The acting-user step when a saved connection still lacks one (the wizard was left there), else the start.</summary>
    private int ResumeStep() =>
        _connection is not null && ConnectionDisplay.UnfinishedSetup(_connection, _provider!.Traits) is not null && _steps.Contains(StepActingUser)
            ? _steps.IndexOf(StepActingUser)
            : 0;

    private async Task OnSavedAsync()
    {
        await LoadAsync();
        await NextAsync();
    }

    private async Task NextAsync()
    {
        await LoadAsync();
        _step = Math.Min(_step + 1, _steps.Count - 1);
    }

    private async Task OnChangedAsync(int companyId)
    {
        if (companyId != Tenant.CompanyId || _provider is null) return;
        await InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    public void Dispose() => Events.ConnectionChanged -= OnChangedAsync;
}
