using Circular.Portal.Providers;

namespace Circular.Portal.Connections;

/// <summary>The result of a verify or connect step, with a message written for a company admin.</summary>
public sealed record ConnectOutcome(bool Succeeded, string Message, int? ConnectionId = null, AtsAccount? Account = null)
{
    public static ConnectOutcome Failed(string message) => new(false, message);

    /// <summary>Turns a classified vendor failure into the words an admin reads; nothing of it is a secret.</summary>
    public static ConnectOutcome From(AtsException e, string vendor) => Failed(e.Kind switch
    {
        AtsFailureKind.Auth => $"{vendor} refused these credentials. Check that you copied the whole value and that it has not been revoked.",
        AtsFailureKind.Permission => $"{vendor} accepted the credentials but they lack a permission. {e.Message}",
        AtsFailureKind.Transient => $"{vendor} is not answering right now ({e.Message}). Nothing was saved; try again in a minute.",
        _ => e.Message,
    });
}
