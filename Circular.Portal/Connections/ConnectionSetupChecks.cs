using Circular.Portal.Providers;

namespace Circular.Portal.Connections;

/// <summary>
/// The live check behind the wizard's set-up step (<see cref="AtsProviderTraits.HasSetupStep"/>): asks the vendor again what
/// is in place (e.g. Greenhouse's "Circular" source, a Site Admin). It only reads; nothing here blocks the connection.
/// </summary>
public sealed class ConnectionSetupChecks(ConnectionContexts contexts, AtsProviders providers, ILogger<ConnectionSetupChecks> log)
{
    /// <returns>The set-up items, or null when the vendor cannot be asked right now.</returns>
    public async Task<IReadOnlyList<AtsSetupItem>?> CheckAsync(AtsConnection connection, CancellationToken ct)
    {
        try
        {
            var context = await contexts.ForAsync(connection.Id, ct);
            var account = await providers.Get(connection.Kind).VerifyAsync(context, ct);
            return account.Setup;
        }
        catch (AtsException e)
        {
            log.LogWarning("Set-up check of connection {ConnectionId} failed ({Kind})", connection.Id, e.Kind);
            return null;
        }
    }
}
