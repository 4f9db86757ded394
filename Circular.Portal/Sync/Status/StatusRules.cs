using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Providers;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Sync.Status;

/// <summary>One line of the Status mapping page: a vendor term, what it means by default and what it means now.</summary>
/// <param name="Rule">The admin's rule, when there is one (its version is what a save must name).</param>
/// <param name="Live">False for a term the vendor no longer lists (or that only a status used), kept so its rule shows.</param>
/// <param name="Waiting">How many applications wait for a rule on this term.</param>
public sealed record StatusMappingLine(AtsStatusTerm Term, AtsStatusMeaning DefaultMeaning, StatusRule? Rule, bool Live, string? Hint, int Waiting)
{
    public AtsStatusMeaning Meaning => Rule?.Meaning ?? DefaultMeaning;
    public bool NeedsRule => Rule is null && Waiting > 0;
}

/// <param name="VocabularyError">Why the vendor's list could not be read now (the saved rules still show).</param>
public sealed record StatusMappingView(AtsConnection Connection, IReadOnlyList<StatusMappingLine> Lines, string? VocabularyError);

public enum StatusRuleSaveOutcome { Saved, Invalid, Stale, NotFound }

public sealed record StatusRuleSaveResult(StatusRuleSaveOutcome Outcome, string Message, IReadOnlyDictionary<string, string[]>? Errors = null, int Reapplied = 0);

/// <summary>
/// The connection's status rules: read for the applier, listed with the vendor's live vocabulary for the page, and
/// saved one at a time with validation and a stale-save check. A saved rule is applied at once to the statuses already
/// stored with that reason or stage (so "needs a rule" resolves without waiting for the vendor to change anything).
/// </summary>
public sealed class StatusRules(
    IDbContextFactory<PortalDbContext> dbFactory,
    ConnectionContexts contexts,
    AtsProviders providers,
    IValidator<StatusRuleEdit> validator,
    StatusApplier applier,
    TimeProvider clock,
    ILogger<StatusRules> log)
{
    public static async Task<IReadOnlyDictionary<(AtsStatusTermKind, string), AtsStatusMeaning>> LoadAsync(PortalDbContext db, int connectionId, CancellationToken ct) =>
        await db.Set<StatusRule>().AsNoTracking().Where(r => r.ConnectionId == connectionId)
            .ToDictionaryAsync(r => (r.Kind, r.TermId), r => r.Meaning, ct);

    /// <summary>The page's list: the vendor's terms read live, the saved rules, and terms that statuses used without a rule.</summary>
    public async Task<StatusMappingView?> ReadAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId && c.State != ConnectionState.Disconnected, ct);
        if (connection is null) return null;
        var provider = providers.Get(connection.Kind);

        IReadOnlyList<AtsStatusVocabularyItem> vocabulary = [];
        string? error = null;
        try
        {
            vocabulary = await provider.ReadStatusVocabularyAsync(await contexts.ForAsync(connectionId, ct), ct);
        }
        catch (AtsException e)
        {
            error = $"{provider.Traits.DisplayName} did not give its list of reasons and stages just now: {e.Message} Saved rules still apply.";
            log.LogWarning(e, "Status vocabulary of connection {ConnectionId} could not be read", connectionId);
        }

        var rules = await db.Set<StatusRule>().AsNoTracking().Where(r => r.ConnectionId == connectionId).ToListAsync(ct);
        var waiting = await db.Set<ApplicationAtsStatus>().AsNoTracking()
            .Where(s => s.ConnectionId == connectionId && s.Resolution == StatusResolution.NeedsRule && s.ReasonId != null)
            .GroupBy(s => new { s.ReasonKind, s.ReasonId })
            .Select(g => new { g.Key.ReasonKind, g.Key.ReasonId, Count = g.Count(), Label = g.Max(s => s.VendorReason) })
            .ToListAsync(ct);

        var lines = new List<StatusMappingLine>();
        foreach (var item in vocabulary)
        {
            var rule = rules.FirstOrDefault(r => r.Kind == item.Term.Kind && r.TermId == item.Term.Id);
            var count = waiting.Where(w => w.ReasonKind == item.Term.Kind && w.ReasonId == item.Term.Id).Sum(w => w.Count);
            lines.Add(new StatusMappingLine(item.Term, item.DefaultMeaning, rule, Live: true, item.Hint, count));
        }
        foreach (var rule in rules.Where(r => !lines.Any(l => l.Term.Kind == r.Kind && l.Term.Id == r.TermId)))
        {
            lines.Add(new StatusMappingLine(new AtsStatusTerm(rule.Kind, rule.TermId, rule.Label), AtsStatusMeaning.Ignore, rule, Live: false,
                $"{provider.Traits.DisplayName} no longer lists this.", 0));
        }
        foreach (var w in waiting.Where(w => w.ReasonKind is not null && !lines.Any(l => l.Term.Kind == w.ReasonKind && l.Term.Id == w.ReasonId)))
        {
            lines.Add(new StatusMappingLine(new AtsStatusTerm(w.ReasonKind!.Value, w.ReasonId!, w.Label ?? w.ReasonId!), AtsStatusMeaning.Ignore, null, Live: false,
                $"Not in {provider.Traits.DisplayName}'s list: choose what it means.", w.Count));
        }
        return new StatusMappingView(connection, lines, error);
    }

    public async Task<StatusRuleSaveResult> SaveAsync(StatusRuleEdit edit, string by, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(edit, ct);
        if (!validation.IsValid)
        {
            return new StatusRuleSaveResult(StatusRuleSaveOutcome.Invalid, validation.Errors[0].ErrorMessage, validation.ToDictionary().AsReadOnly());
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == edit.ConnectionId && c.State != ConnectionState.Disconnected, ct);
        if (connection is null) return new StatusRuleSaveResult(StatusRuleSaveOutcome.NotFound, "That connection does not exist.");

        var rule = await db.Set<StatusRule>().SingleOrDefaultAsync(r => r.ConnectionId == edit.ConnectionId && r.Kind == edit.Kind && r.TermId == edit.TermId, ct);
        if (rule?.Version != edit.SeenVersion) return Stale(edit);
        if (rule is null)
        {
            rule = new StatusRule { CompanyId = connection.CompanyId, ConnectionId = connection.Id, Kind = edit.Kind, TermId = edit.TermId.Trim(), Label = edit.Label.Trim(), UpdatedBy = by };
            db.Add(rule);
        }
        rule.Label = edit.Label.Trim();
        rule.Meaning = edit.Meaning;
        rule.UpdatedBy = by.Length > 200 ? by[..200] : by;
        rule.UpdatedAt = clock.GetUtcNow();
        rule.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrency token mismatch, or the unique index when someone added the same rule a moment ago.
            return Stale(edit);
        }
        var reapplied = await applier.ReapplyStoredAsync(connection.Id, edit.Kind, rule.TermId, ct);
        return new StatusRuleSaveResult(StatusRuleSaveOutcome.Saved,
            $"\"{rule.Label}\" now means {edit.Meaning.Label().ToLowerInvariant()}." + (reapplied > 0 ? $" {reapplied} application(s) updated." : ""), Reapplied: reapplied);
    }

    private static StatusRuleSaveResult Stale(StatusRuleEdit edit) =>
        new(StatusRuleSaveOutcome.Stale, $"The rule for \"{edit.Label}\" was changed by someone else meanwhile; the page shows it as it is now. Choose again if needed.");
}
