namespace Circular.Portal.Providers.Greenhouse;

/// <summary>The Harvest v3 scopes Circular asks for, each with the words a company admin sees when one is missing.</summary>
internal static class GreenhouseScopes
{
    public static readonly IReadOnlyDictionary<string, string> Described = new Dictionary<string, string>
    {
        ["harvest:jobs:list"] = "read jobs",
        ["harvest:job_posts:list"] = "read job posts (the public job descriptions)",
        ["harvest:departments:list"] = "read departments",
        ["harvest:offices:list"] = "read offices (job locations)",
        ["harvest:candidates:list"] = "look up candidates (to avoid duplicates)",
        ["harvest:candidates:create"] = "add candidates",
        ["harvest:applications:list"] = "read applications (to follow candidate status)",
        ["harvest:applications:create"] = "add an existing candidate to another job",
        ["harvest:attachments:create"] = "upload CVs",
        ["harvest:attachments:list"] = "read CVs back (to check they arrived)",
        ["harvest:candidate_tags:list"] = "read candidate tags",
        ["harvest:candidate_tags:create"] = "create the \"Circular\" candidate tag",
        ["harvest:applied_candidate_tags:create"] = "tag candidates",
        ["harvest:notes:create"] = "add notes to candidates",
        ["harvest:notes:list"] = "read notes (so a resumed push adds its note once)",
        ["harvest:rejection_reasons:list"] = "read rejection reasons",
        ["harvest:sources:list"] = "read candidate sources",
        ["harvest:users:list"] = "read users",
    };

    /// <summary>Scopes that only enable an extra: without them the connection works, and the card says what is lost.</summary>
    public static readonly IReadOnlyList<AtsOptionalScope> Optional =
    [
        new("harvest:job_posts:list", "job descriptions come from the job's internal notes"),
        new("harvest:departments:list", "no departments on imported jobs"),
        new("harvest:offices:list", "no locations on imported jobs"),
        new("harvest:candidate_tags:list", "candidates are not tagged \"Circular\" when they already exist"),
        new("harvest:candidate_tags:create", "the \"Circular\" tag is not created if missing"),
        new("harvest:applied_candidate_tags:create", "candidates are not tagged \"Circular\" when they already exist"),
        new("harvest:notes:create", "no notes on candidates"),
        new("harvest:attachments:list", "the push cannot check that the CV arrived"),
        new("harvest:notes:list", "a push resumed after a crash may add its note twice"),
    ];

    /// <summary>Everything the portal uses that is not an extra.</summary>
    public static readonly IReadOnlyList<string> Required = [.. Described.Keys.Where(k => Optional.All(o => o.Scope != k))];

    /// <summary>What the consent page asks for.</summary>
    public static readonly IReadOnlyList<string> Requested = [.. Described.Keys];

    public static string Describe(string scope) =>
        Described.TryGetValue(scope, out var words) ? $"Permission to {words} ({scope})" : $"Permission {scope}";
}
