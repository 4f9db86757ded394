namespace Circular.Portal.Providers;

/// <summary>The five providers by kind. Sync, pages and jobs ask here and never name a vendor type.</summary>
public sealed class AtsProviders(IEnumerable<IAtsProvider> providers)
{
    private readonly Dictionary<AtsKind, IAtsProvider> _byKind = providers.ToDictionary(p => p.Kind);

    public IAtsProvider Get(AtsKind kind) =>
        _byKind.TryGetValue(kind, out var provider) ? provider : throw new InvalidOperationException($"No provider is registered for {kind}.");

    public IReadOnlyCollection<IAtsProvider> All => _byKind.Values;
}
