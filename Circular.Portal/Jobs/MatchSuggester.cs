using System.Globalization;
using System.Text;
using F23.StringSimilarity;

namespace Circular.Portal.Jobs;

/// <summary>A job as the suggester sees it: an id, a title and an optional location.</summary>
public sealed record MatchCandidate(int Id, string Title, string? Location);

public sealed record MatchSuggestion(int AtsJobId, string Title, string? Location, double Score);

/// <summary>
/// Ranks ATS jobs for a Circular job by title and location similarity. Titles are normalised first (case, punctuation,
/// "Sr." → senior, developer ≈ engineer) and compared with token-set Jaccard and character-bigram cosine from
/// F23.StringSimilarity; the title weighs 80 %, the location 20 % when both sides have one.
/// </summary>
public sealed class MatchSuggester
{
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["sr"] = "senior", ["snr"] = "senior", ["jr"] = "junior", ["jnr"] = "junior",
        ["developer"] = "engineer", ["dev"] = "engineer", ["programmer"] = "engineer", ["swe"] = "software engineer",
        ["mgr"] = "manager", ["eng"] = "engineer", ["ops"] = "operations", ["sre"] = "site reliability engineer",
        ["pm"] = "product manager", ["qa"] = "quality assurance", ["ux"] = "user experience", ["ui"] = "user interface",
        ["remote"] = "remote", ["hybrid"] = "hybrid",
    };

    private readonly SorensenDice _words = new(1);
    private readonly JaroWinkler _chars = new();

    public IReadOnlyList<MatchSuggestion> Rank(MatchCandidate job, IEnumerable<MatchCandidate> atsJobs, int take = 5)
    {
        var title = Normalise(job.Title);
        var location = Normalise(job.Location);
        return atsJobs
            .Select(a => new MatchSuggestion(a.Id, a.Title, a.Location, Score(title, location, Normalise(a.Title), Normalise(a.Location))))
            .Where(s => s.Score > 0)
            .OrderByDescending(s => s.Score).ThenBy(s => s.Title, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.AtsJobId)
            .Take(take)
            .ToList();
    }

    /// <summary>0 to 1 for two normalised titles and locations.</summary>
    public double Score(string titleA, string locationA, string titleB, string locationB)
    {
        var title = Similarity(titleA, titleB);
        if (locationA.Length == 0 || locationB.Length == 0) return Math.Round(title, 4);
        return Math.Round(0.8 * title + 0.2 * Similarity(locationA, locationB), 4);
    }

    private double Similarity(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        if (a == b) return 1;
        // Word-set Dice (each distinct word becomes one symbol, so the library compares words, not letters):
        // shared words matter most, order and a stray qualifier less. Jaro-Winkler on the text breaks ties by spelling.
        var (wordsA, wordsB) = EncodeWords(a, b);
        return 0.75 * _words.Similarity(wordsA, wordsB) + 0.25 * _chars.Similarity(a, b);
    }

    private static (string A, string B) EncodeWords(string a, string b)
    {
        var symbols = new Dictionary<string, char>(StringComparer.Ordinal);
        string Encode(string text) => new(text.Split(' ').Distinct().Select(w =>
            symbols.TryGetValue(w, out var c) ? c : symbols[w] = (char)(0x4E00 + symbols.Count)).ToArray());
        return (Encode(a), Encode(b));
    }

    public static string Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var folded = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            builder.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        var words = builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(w => (Synonyms.TryGetValue(w, out var s) ? s : w).Split(' '));
        return string.Join(' ', words);
    }
}
