namespace Circular.Portal.Providers;

public enum AtsKind { Workable, Greenhouse, Teamtailor, Recruitee, Lever }

public enum AtsAuthMethod { ApiToken, OAuth }

public enum AtsWebhookSupport { ApiRegistration, ManualSetup }

public enum AtsJobStatus { Open, Closed, Draft }

public enum AtsApplicationStatus { Active, Rejected, Hired, Withdrawn }

/// <summary>Vendor facts the UI and sync need without branching on the vendor.</summary>
/// <param name="DisplayName">"Workable", "Greenhouse", …</param>
/// <param name="AuthMethod">API token or OAuth.</param>
/// <param name="Webhooks">Whether the portal subscribes itself or the admin pastes URL and secret.</param>
/// <param name="NeedsActingUser">True where writes need an acting user (Lever perform_as, Greenhouse).</param>
/// <param name="Environments">OAuth environments to choose from (Lever: production, sandbox); empty for one.</param>
public sealed record AtsProviderTraits(
    string DisplayName,
    AtsAuthMethod AuthMethod,
    AtsWebhookSupport Webhooks,
    bool NeedsActingUser,
    IReadOnlyList<string> Environments)
{
    /// <summary>What the connect wizard asks for (token vendors), each explained in the vendor's own words.</summary>
    public IReadOnlyList<AtsCredentialField> CredentialFields { get; init; } = [];

    /// <summary>The steps an admin follows in the vendor's settings to paste the webhook URL and secret (manual setup).</summary>
    public IReadOnlyList<string> WebhookSetupSteps { get; init; } = [];

    /// <summary>True where the vendor generates the webhook signing key, so a manual set-up has the admin paste it into the portal.</summary>
    public bool VendorIssuesWebhookSecret { get; init; }

    /// <summary>What the admin should know before starting (OAuth vendors: who must consent, which account).</summary>
    public string? ConnectIntro { get; init; }

    /// <summary>
    /// True where the vendor has no read-only way to tell whether the credentials may write (Workable, Teamtailor, Recruitee):
    /// verification writes nothing, so write permission is only confirmed by the first push.
    /// </summary>
    public bool WriteConfirmedByFirstPush { get; init; }

    /// <summary>True where the wizard walks the admin through set-up in the vendor after signing in (Greenhouse: source, Site Admin).</summary>
    public bool HasSetupStep { get; init; }
}

/// <summary>One thing to set up in the vendor, checked live (e.g. a candidate source named "Circular").</summary>
/// <param name="Key">Stable name, for tests and the page.</param>
/// <param name="Title">What it is, e.g. "Candidate source \"Circular\"".</param>
/// <param name="Done">True when the vendor shows it is in place.</param>
/// <param name="HowTo">What to do in the vendor when it is not, and what it costs meanwhile.</param>
public sealed record AtsSetupItem(string Key, string Title, bool Done, string HowTo);

/// <summary>A scope the portal asks for that only enables an extra: without it the connection still works.</summary>
/// <param name="Scope">The vendor's scope name.</param>
/// <param name="Cost">What is lost without it, e.g. "no notes on candidates".</param>
public sealed record AtsOptionalScope(string Scope, string Cost);

/// <summary>One input of the connect wizard, described by the vendor folder so no page branches on the vendor.</summary>
/// <param name="Target">Which credential it fills.</param>
/// <param name="Label">e.g. "Subdomain".</param>
/// <param name="Help">Where to find it in the vendor's settings.</param>
/// <param name="Pattern">A regular expression the value must match (checked by FluentValidation at the field).</param>
/// <param name="PatternMessage">The message when it does not.</param>
/// <param name="Choices">Fixed choices (e.g. Teamtailor regions); empty for free text.</param>
public sealed record AtsCredentialField(
    AtsCredentialTarget Target,
    string Label,
    string Help,
    string Pattern,
    string PatternMessage,
    IReadOnlyList<AtsChoice> Choices)
{
    public bool IsSecret => Target == AtsCredentialTarget.ApiToken;

    /// <summary>May be left empty (e.g. a token's expiry date).</summary>
    public bool Optional { get; init; }
}

public enum AtsCredentialTarget { Account, ApiToken, ExpiryDate }

public sealed record AtsChoice(string Value, string Label);

/// <summary>What the vendor says about the account the credentials belong to.</summary>
/// <param name="Name">The account or company name at the vendor.</param>
/// <param name="Users">Users who may act for writes, where the vendor needs one.</param>
/// <param name="MissingPermissions">Each missing scope or permission, in words a company admin understands; empty when all is there.</param>
/// <param name="ExpiresAt">When the credential itself expires, where the vendor says (Workable tokens may carry a date).</param>
public sealed record AtsAccount(string Name, IReadOnlyList<AtsUser> Users, IReadOnlyList<string> MissingPermissions, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>Set-up in the vendor that does not block connecting (walked through by the wizard's set-up step).</summary>
    public IReadOnlyList<AtsSetupItem> Setup { get; init; } = [];
}

public sealed record AtsUser(string Id, string Name, string? Email);

/// <summary>One job at the vendor, normalised.</summary>
public sealed record AtsJobRecord(
    string ExternalId,
    string Title,
    AtsJobStatus Status,
    string? Location,
    string? Department,
    string? EmploymentType,
    string? DescriptionHtml,
    DateTimeOffset? UpdatedAt,
    string? Url)
{
    /// <summary>The vendor's own word for the job's state ("published", "internal", "closed"…), shown on the board.</summary>
    public string? VendorState { get; init; }

    /// <summary>Open, but listed only internally or confidential at the vendor: imported only when the admin asks for it.</summary>
    public bool Internal { get; init; }
}

/// <summary>A CV to send: vendors take it as an upload, base64, or a short-lived signed URL of the portal.</summary>
public sealed record AtsCvFile(string FileName, string ContentType, byte[] Content, Uri PublicUrl);

/// <summary>Everything Circular knows of a candidate, for one ATS job.</summary>
/// <param name="Marker">Deterministic per application (e.g. "circular-app-123"); stored at the vendor so a retry finds the first push.</param>
public sealed record AtsCandidatePush(
    string Marker,
    string JobExternalId,
    string FirstName,
    string LastName,
    string Email,
    string? Phone,
    string? LinkedInUrl,
    AtsCvFile? Cv,
    string Note)
{
    public const string Tag = "Circular";
    public const string Source = "Circular";

    /// <summary>
    /// Called by the provider once the vendor holds the CV (in the create call, or the upload after it): the worker's
    /// crash tests stop the process here. Not part of the record's value.
    /// </summary>
    public Action? CvDelivered { get; init; }

    /// <summary>Providers call this right after the vendor accepted the CV; nothing when there is none.</summary>
    public void ReportCvDelivered()
    {
        if (Cv is not null) CvDelivered?.Invoke();
    }
}

/// <param name="ReusedExisting">True when the vendor already had this person (by marker or email) and nothing new was created for them.</param>
public sealed record AtsPushResult(string CandidateId, string ApplicationId, bool ReusedExisting)
{
    /// <summary>How the push ended: created, an earlier attempt's record found, a new application on a person the vendor knew, or not ours.</summary>
    public AtsPushOutcome Outcome { get; init; } = ReusedExisting ? AtsPushOutcome.FoundEarlierPush : AtsPushOutcome.Created;

    /// <summary>What each step after the create did; a retry that finds the candidate finishes the missing ones.</summary>
    public AtsPushSteps Steps { get; init; } = AtsPushSteps.Unreported;

    /// <summary>The record in the vendor's own UI, where its address is known.</summary>
    public string? RecordUrl { get; init; }
}

public enum AtsPushOutcome
{
    Created,
    FoundEarlierPush,
    /// <summary>The vendor knew the person (Lever "deduped") and added a new application or opportunity for this job.</summary>
    NewApplicationOnExistingPerson,
    /// <summary>The person already had an application on this job that Circular did not make; nothing was adopted or added.</summary>
    AlreadyInAtsNotOurs,
}

public enum AtsStepOutcome { NotAttempted, Done, AlreadyThere, NotNeeded, Refused, Failed }

/// <summary>Each step of a push after the candidate exists: tag and source "Circular", CV, LinkedIn, note.</summary>
public sealed record AtsPushSteps(AtsStepOutcome Tag, AtsStepOutcome Source, AtsStepOutcome Cv, AtsStepOutcome LinkedIn, AtsStepOutcome Note)
{
    public static readonly AtsPushSteps Unreported = new(AtsStepOutcome.NotAttempted, AtsStepOutcome.NotAttempted, AtsStepOutcome.NotAttempted, AtsStepOutcome.NotAttempted, AtsStepOutcome.NotAttempted);
}

/// <summary>What the vendor shows of a pushed candidate when read back: did the attribution arrive? Null: not readable there.</summary>
public sealed record AtsReadBack(bool? Tag, bool? Source, bool? Cv, bool? LinkedIn, string? Name = null);

/// <summary>A candidate pushed earlier, to follow at the vendor.</summary>
public sealed record AtsApplicationRef(string CandidateId, string ApplicationId, string JobExternalId);

/// <param name="Cursor">Opaque, from the last batch; null on the first poll.</param>
/// <param name="Pushed">The applications to follow, for vendors that can only be asked per candidate.</param>
public sealed record AtsStatusQuery(string? Cursor, IReadOnlyList<AtsApplicationRef> Pushed);

/// <summary>
/// What the vendor says of one pushed application now. <see cref="Status"/> is the vendor folder's own reading; the
/// vocabulary ids below let the connection's status rules (set by the admin) override it.
/// </summary>
public sealed record AtsStatusChange(
    string CandidateId,
    string ApplicationId,
    AtsApplicationStatus Status,
    string? Reason,
    DateTimeOffset OccurredAt)
{
    /// <summary>The vendor's id of the archive, disqualification or rejection reason, when there is one.</summary>
    public AtsStatusTerm? ReasonTerm { get; init; }

    /// <summary>The vendor's id and name of the pipeline stage the application is in, when known.</summary>
    public AtsStatusTerm? StageTerm { get; init; }

    /// <summary>The ATS job, when known: finds the application when the vendor's event names only the candidate (Recruitee).</summary>
    public string? JobExternalId { get; init; }

    /// <summary>
    /// True when the vendor gave a reason the vendor folder cannot interpret (e.g. a Lever archive reason not in the
    /// account's list): nothing moves until the admin adds a status rule for it.
    /// </summary>
    public bool NeedsRule { get; init; }

    /// <summary>From when the candidate side may learn of a rejection (Teamtailor transparent_recruiting_visible_at); null: at once.</summary>
    public DateTimeOffset? VisibleToCandidateAt { get; init; }
}

/// <summary>Which list of the vendor a term comes from.</summary>
public enum AtsStatusTermKind { ArchiveReason, DisqualificationReason, RejectionReason, Stage }

/// <summary>One entry of the vendor's vocabulary: a reason or a stage, by the vendor's own id.</summary>
public sealed record AtsStatusTerm(AtsStatusTermKind Kind, string Id, string Label);

/// <summary>What a term means when the admin has not said otherwise.</summary>
public enum AtsStatusMeaning { Hired, Rejected, Withdrawn, Ignore }

/// <summary>One vocabulary entry read live from the vendor, with the meaning the vendor folder gives it by default.</summary>
public sealed record AtsStatusVocabularyItem(AtsStatusTerm Term, AtsStatusMeaning DefaultMeaning, string? Hint = null);

/// <param name="NextCursor">Pass it to the next poll; it already allows for the vendor's clock and ordering (overlap).</param>
public sealed record AtsStatusBatch(IReadOnlyList<AtsStatusChange> Changes, string NextCursor);

/// <summary>A webhook as received: headers (case-insensitive) and the raw body bytes.</summary>
public sealed record AtsWebhookDelivery(IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <param name="EventId">The vendor's delivery id where it has one, else a hash of the body: used to drop duplicates.</param>
/// <param name="Status">The new status when the event says it; null when the event only says "something changed, re-read".</param>
public sealed record AtsWebhookEvent(
    string EventId,
    string EventType,
    string? CandidateId,
    string? ApplicationId,
    AtsApplicationStatus? Status,
    string? Reason,
    DateTimeOffset OccurredAt);

/// <param name="SubscriptionId">The vendor's id for the subscription, to remove it on disconnect.</param>
/// <param name="SigningSecret">The secret deliveries are signed with (the vendor may issue its own, e.g. Lever's signature token).</param>
public sealed record AtsWebhookRegistration(string SubscriptionId, string SigningSecret);

/// <param name="ExpiresAt">When the access token stops working.</param>
/// <param name="Scopes">The scopes the vendor granted (may be fewer than asked).</param>
public sealed record AtsTokenSet(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt, IReadOnlyList<string> Scopes)
{
    public override string ToString() => $"AtsTokenSet {{ ExpiresAt = {ExpiresAt:O}, Scopes = {string.Join(' ', Scopes)} }}";
}
