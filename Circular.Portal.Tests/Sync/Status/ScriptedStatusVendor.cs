using System.Collections.Concurrent;
using Circular.Portal.Providers;

namespace Circular.Portal.Tests.Sync.Status;

/// <summary>
/// A vendor whose statuses a test sets: the real provider of its kind for everything else (webhook signatures and parsing
/// included), but status reads answer from <see cref="Set"/>. The poll is cursor-based with an overlap, as the real ones
/// are, and counts its calls; <see cref="FailNext"/> makes the next read throw the vendor failure a test needs.
/// </summary>
public sealed class ScriptedStatusVendor(IAtsProvider inner) : IAtsProvider
{
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(1);
    private const string CursorPrefix = "scripted:";

    private readonly ConcurrentDictionary<string, AtsStatusChange> _now = new(StringComparer.Ordinal);

    public int Polls;
    public int Reads;

    /// <summary>The candidates each poll was asked to follow (the last poll's list).</summary>
    public IReadOnlyList<AtsApplicationRef> LastPolled { get; private set; } = [];

    public AtsException? FailNext { get; set; }

    /// <summary>The recruiter changes a candidate in the ATS: what every later read returns.</summary>
    public void Set(string candidateId, string applicationId, AtsApplicationStatus status, DateTimeOffset at, string? reason = null) =>
        _now[candidateId] = new AtsStatusChange(candidateId, applicationId, status, reason, at);

    public AtsKind Kind => inner.Kind;
    public AtsProviderTraits Traits => inner.Traits;
    public IAtsOAuth? OAuth => inner.OAuth;

    public Task<AtsStatusBatch> ReadStatusChangesAsync(AtsConnectionContext connection, AtsStatusQuery query, CancellationToken ct)
    {
        Interlocked.Increment(ref Polls);
        LastPolled = query.Pushed;
        ThrowIfFailing();
        DateTimeOffset? since = query.Cursor is { } c && c.StartsWith(CursorPrefix, StringComparison.Ordinal)
            ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(c[CursorPrefix.Length..])) : null;
        var tracked = query.Pushed.Select(p => p.CandidateId).ToHashSet(StringComparer.Ordinal);
        var changes = _now.Values.Where(s => tracked.Contains(s.CandidateId) && (since is null || s.OccurredAt >= since - Overlap))
            .OrderBy(s => s.OccurredAt).ToList();
        var newest = changes.Count == 0 ? since ?? DateTimeOffset.UnixEpoch : changes.Max(s => s.OccurredAt);
        return Task.FromResult(new AtsStatusBatch(changes, CursorPrefix + newest.ToUnixTimeMilliseconds()));
    }

    public Task<IReadOnlyList<AtsStatusChange>> ReadStatusesAsync(AtsConnectionContext connection, IReadOnlyList<AtsApplicationRef> applications, CancellationToken ct)
    {
        Interlocked.Increment(ref Reads);
        ThrowIfFailing();
        IReadOnlyList<AtsStatusChange> found = applications.Select(a => _now.GetValueOrDefault(a.CandidateId)).OfType<AtsStatusChange>().ToList();
        return Task.FromResult(found);
    }

    private void ThrowIfFailing()
    {
        if (FailNext is { } failure)
        {
            FailNext = null;
            throw failure;
        }
    }

    public Task<AtsAccount> VerifyAsync(AtsConnectionContext connection, CancellationToken ct) => inner.VerifyAsync(connection, ct);

    public IAsyncEnumerable<AtsJobRecord> ListJobsAsync(AtsConnectionContext connection, DateTimeOffset? updatedSince, CancellationToken ct) =>
        AsyncEnumerable.Empty<AtsJobRecord>();

    public Task<AtsPushResult> PushCandidateAsync(AtsConnectionContext connection, AtsCandidatePush push, CancellationToken ct) =>
        throw new AtsException(Kind, AtsFailureKind.Permanent, "The scripted vendor takes no pushes.");

    public Task<IReadOnlyList<AtsStatusVocabularyItem>> ReadStatusVocabularyAsync(AtsConnectionContext connection, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AtsStatusVocabularyItem>>([]);

    public bool VerifyWebhook(AtsWebhookDelivery delivery, string signingSecret) => inner.VerifyWebhook(delivery, signingSecret);

    /// <summary>A test header that adds an event of this id before the real one: a delivery holding a known and a new event.</summary>
    public const string ExtraEventHeader = "X-Test-Known-Event";

    public IReadOnlyList<AtsWebhookEvent> ParseWebhook(AtsWebhookDelivery delivery)
    {
        var events = inner.ParseWebhook(delivery);
        return delivery.Header(ExtraEventHeader) is { } known
            ? [new AtsWebhookEvent(known, "candidate_moved", events[0].CandidateId, events[0].ApplicationId, null, null, events[0].OccurredAt), .. events]
            : events;
    }

    public Task<AtsWebhookRegistration> RegisterWebhookAsync(AtsConnectionContext connection, Uri callbackUrl, string portalSecret, CancellationToken ct) =>
        inner.RegisterWebhookAsync(connection, callbackUrl, portalSecret, ct);

    public Task UnregisterWebhookAsync(AtsConnectionContext connection, string subscriptionId, CancellationToken ct) =>
        inner.UnregisterWebhookAsync(connection, subscriptionId, ct);
}
