using Microsoft.AspNetCore.Components;

namespace Circular.Portal.Sync.Push.Pages;

/// <summary>
/// A push view that follows the portal's live updates (<see cref="SyncEvents"/>): when the worker or an admin changes
/// something of the signed-in company, it reloads and re-renders. Subscribed only once interactive (never while
/// prerendering), and a failing reload never reaches the publisher (the worker that saved the change).
/// </summary>
public abstract class LivePushComponent : ComponentBase, IDisposable
{
    [Inject] private SyncEvents Events { get; set; } = default!;
    [Inject] private Data.TenantContext Tenant { get; set; } = default!;
    [Inject] private ILogger<LivePushComponent> Log { get; set; } = default!;

    private bool _subscribed;
    private bool _disposed;

    /// <summary>Reads what the component shows; called on parameters and on every live update.</summary>
    protected abstract Task ReloadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender || _disposed) return;
        Events.ConnectionChanged += OnChangedAsync;
        _subscribed = true;
    }

    private async Task OnChangedAsync(int companyId)
    {
        if (_disposed || companyId != Tenant.CompanyId) return;
        try
        {
            await InvokeAsync(async () =>
            {
                if (_disposed) return;
                await ReloadAsync();
                StateHasChanged();
            });
        }
        catch (Exception e) when (_disposed || e is ObjectDisposedException or OperationCanceledException)
        {
            // The page was closed while it reloaded.
        }
        catch (Exception e)
        {
            Log.LogWarning(e, "A push view could not refresh live");
        }
    }

    public void Dispose()
    {
        _disposed = true;
        if (_subscribed) Events.ConnectionChanged -= OnChangedAsync;
        GC.SuppressFinalize(this);
    }
}
