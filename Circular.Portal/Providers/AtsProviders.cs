namespace Circular.Portal.Providers;

/// <summary>The five providers by kind. Sync, pages and jobs ask here and never name a vendor type.</summary>
public sealed class AtsProviders(IEnumerable<IAtsProvider> providers)
{
    private readonly Dictionary<AtsKind, IAtsProvider> _byKind = providers.ToDictionary(p => p.Kind);

    public IAtsProvider Get(AtsKind kind) =>
        _byKind.TryGetValue(kind, out var provider) ? provider : throw new InvalidOperationException($"No provider is registered for {kind}.");

    public IReadOnlyCollection<IAtsProvider> All => _byKind.Values;

    /// <summary>
    /// A vendor named in a URL: only its name counts (any case). <c>Enum.TryParse</c> alone would also take "0" or "4"
    /// (and "Workable,Lever"), so <c>/hooks/0/…</c> would reach Workable.
    /// </summary>
    public static bool TryParseKind(string? name, out AtsKind kind)
    {
        foreach (var candidate in Enum.GetValues<AtsKind>())
        {
            if (string.Equals(candidate.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
