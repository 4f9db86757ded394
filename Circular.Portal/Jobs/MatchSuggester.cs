using System.Buffers;
using System.Globalization;
using System.Text;
using F23.StringSimilarity;

namespace Circular.Portal.Jobs;

/// <summary>A job as the suggester sees it: an id, a title and an optional location.</summary>
public sealed record MatchCandidate(int Id, string Title, string? Location);

public sealed record MatchSuggestion(int AtsJobId, string Title, string? Location, double Score);

/// <summary>
/// Ranks ATS jobs for a Circular job by title and location similarity. Titles are normalised first (case, punctuation,
/// "Sr." → senior, developer ≈ engineer) and compared with word-set Sørensen–Dice and Jaro–Winkler from
/// F23.StringSimilarity; the title weighs 80 %, the location 20 % when both sides have one.
/// </summary>
/// <remarks>
/// For many Circular jobs against the same ATS jobs, <see cref="Prepare"/> the ATS jobs once (normalised and
/// word-encoded) and rank against the <see cref="MatchPool"/>. With a minimum score above
/// <see cref="NoSharedWordCeiling"/>, only ATS jobs that share a title word are scored, and only those whose word
/// overlap can still reach the minimum: a pair sharing no word cannot score more than that ceiling.
/// </remarks>
public sealed class MatchSuggester
{
    /// <summary>
    /// The highest score two jobs sharing no title word can reach: Dice is 0, Jaro–Winkler at most 1, so the title
    /// scores at most 0.25, and with locations at most 0.8 × 0.25 + 0.2.
    /// </summary>
    public const double NoSharedWordCeiling = 0.4;

    private const double WordWeight = 0.75, SpellingWeight = 0.25, TitleWeight = 0.8, LocationWeight = 0.2;

    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["sr"] = "senior", ["snr"] = "senior", ["jr"] = "junior", ["jnr"] = "junior",
        ["developer"] = "engineer", ["dev"] = "engineer", ["programmer"] = "engineer", ["swe"] = "software engineer",
        ["mgr"] = "manager", ["eng"] = "engineer", ["ops"] = "operations", ["sre"] = "site reliability engineer",
        ["pm"] = "product manager", ["qa"] = "quality assurance", ["ml"] = "machine learning", ["ux"] = "user experience", ["ui"] = "user interface",
        ["remote"] = "remote", ["hybrid"] = "hybrid",
    };

    private readonly SorensenDice _words = new(1);
    private readonly JaroWinkler _chars = new();

    /// <summary>Normalises and word-encodes the ATS jobs once, for ranking many Circular jobs against them.</summary>
    public MatchPool Prepare(IEnumerable<MatchCandidate> atsJobs) => new(atsJobs);

    public IReadOnlyList<MatchSuggestion> Rank(MatchCandidate job, IEnumerable<MatchCandidate> atsJobs, int take = 5) =>
        Rank(job, Prepare(atsJobs), take);

    /// <summary>The best <paramref name="take"/> ATS jobs for one Circular job, best first; only scores above 0 and at least <paramref name="minScore"/>.</summary>
    public IReadOnlyList<MatchSuggestion> Rank(MatchCandidate job, MatchPool pool, int take = 5, double minScore = 0)
    {
        if (take <= 0 || pool.Count == 0) return [];
        var title = pool.Encode(Normalise(job.Title));
        var location = pool.Encode(Normalise(job.Location));
        var best = new List<MatchSuggestion>(take + 1);
        if (minScore > NoSharedWordCeiling) RankSharingWords(title, location, pool, take, minScore, best);
        else
        {
            for (var i = 0; i < pool.Count; i++) Offer(best, take, minScore, Suggest(pool.Entries[i], title, location));
        }
        return best;
    }

    /// <summary>Each job's best ATS job when it scores at least <paramref name="minScore"/> (for "accept all above X").</summary>
    public IEnumerable<(MatchCandidate Job, MatchSuggestion Best)> BestMatches(IEnumerable<MatchCandidate> jobs, MatchPool pool, double minScore)
    {
        foreach (var job in jobs)
        {
            if (Rank(job, pool, take: 1, minScore).FirstOrDefault() is { } best) yield return (job, best);
        }
    }

    /// <summary>0 to 1 for two normalised titles and locations.</summary>
    public double Score(string titleA, string locationA, string titleB, string locationB)
    {
        var pool = new MatchPool([new MatchCandidate(0, titleB, locationB)], normalise: false);
        return Score(pool.Encode(titleA), pool.Encode(locationA), pool.Entries[0].Title, pool.Entries[0].Location);
    }

    private void RankSharingWords(EncodedText title, EncodedText location, MatchPool pool, int take, double minScore, List<MatchSuggestion> best)
    {
        // Count the title words each ATS job shares with this one, through the pool's word index.
        var shared = ArrayPool<int>.Shared.Rent(pool.Count);
        var touched = new List<int>();
        try
        {
            Array.Clear(shared, 0, pool.Count);
            foreach (var word in title.WordIds)
            {
                if (word < 0) continue;
                foreach (var entry in pool.JobsWithWord(word))
                {
                    if (shared[entry]++ == 0) touched.Add(entry);
                }
            }
            foreach (var i in touched)
            {
                var candidate = pool.Entries[i];
                // Word-set Dice from the overlap is exact (while no two pool words share a symbol), so this bound never drops a
                // pair that reaches the minimum.
                var dice = 2.0 * shared[i] / (title.WordIds.Length + candidate.Title.WordIds.Length);
                var titleBound = WordWeight * dice + SpellingWeight;
                var bound = location.Text.Length == 0 || candidate.Location.Text.Length == 0 ? titleBound : TitleWeight * titleBound + LocationWeight;
                if (bound < minScore) continue;
                Offer(best, take, minScore, Suggest(candidate, title, location));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(shared);
        }
    }

    private MatchSuggestion Suggest(MatchPool.Entry entry, EncodedText title, EncodedText location) =>
        new(entry.Job.Id, entry.Job.Title, entry.Job.Location, Score(title, location, entry.Title, entry.Location));

    /// <summary>Keeps <paramref name="best"/> sorted (score, then title, then id) and no longer than <paramref name="take"/>.</summary>
    private static void Offer(List<MatchSuggestion> best, int take, double minScore, MatchSuggestion suggestion)
    {
        if (suggestion.Score <= 0 || suggestion.Score < minScore) return;
        if (best.Count == take && Compare(suggestion, best[^1]) >= 0) return;
        var at = best.Count;
        while (at > 0 && Compare(suggestion, best[at - 1]) < 0) at--;
        best.Insert(at, suggestion);
        if (best.Count > take) best.RemoveAt(best.Count - 1);
    }

    private static int Compare(MatchSuggestion a, MatchSuggestion b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        if (byScore != 0) return byScore;
        var byTitle = StringComparer.OrdinalIgnoreCase.Compare(a.Title, b.Title);
        return byTitle != 0 ? byTitle : a.AtsJobId.CompareTo(b.AtsJobId);
    }

    private double Score(EncodedText titleA, EncodedText locationA, EncodedText titleB, EncodedText locationB)
    {
        var title = Similarity(titleA, titleB);
        if (locationA.Text.Length == 0 || locationB.Text.Length == 0) return Math.Round(title, 4);
        return Math.Round(TitleWeight * title + LocationWeight * Similarity(locationA, locationB), 4);
    }

    private double Similarity(EncodedText a, EncodedText b)
    {
        if (a.Text.Length == 0 || b.Text.Length == 0) return 0;
        if (a.Text == b.Text) return 1;
        // Word-set Dice (each distinct word is one symbol, so the library compares words, not letters): shared words
        // matter most, order and a stray qualifier less. Jaro-Winkler on the text breaks ties by spelling.
        return WordWeight * _words.Similarity(a.Words, b.Words) + SpellingWeight * _chars.Similarity(a.Text, b.Text);
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

/// <summary>A normalised text, its distinct words as one symbol each (for the word-set comparison) and their ids in the pool (-1: not in the pool).</summary>
internal readonly record struct EncodedText(string Text, string Words, int[] WordIds);

/// <summary>
/// ATS jobs normalised once, each distinct word of the pool given one symbol, and an index from title word to the
/// jobs holding it. Immutable once built, so one pool serves every ranking on a board.
/// </summary>
public sealed class MatchPool
{
    // Symbols from the CJK block up to the surrogates: 35,328 distinct words before two words share a symbol (which
    // only makes them count as the same word). Words a Circular job has and no ATS job has use the private-use area.
    private const char FirstSymbol = '\u4E00', LastSymbol = '\uD7FF', FirstUnknown = '\uE000';

    private readonly Dictionary<string, int> _wordIds = new(StringComparer.Ordinal);
    private readonly List<List<int>> _jobsByTitleWord = [];

    internal MatchPool(IEnumerable<MatchCandidate> atsJobs, bool normalise = true)
    {
        var entries = new List<Entry>();
        foreach (var job in atsJobs)
        {
            var title = Add(normalise ? MatchSuggester.Normalise(job.Title) : job.Title);
            var location = Add(normalise ? MatchSuggester.Normalise(job.Location) : job.Location ?? "");
            foreach (var word in title.WordIds) _jobsByTitleWord[word].Add(entries.Count);
            entries.Add(new Entry(job, title, location));
        }
        Entries = entries.ToArray();
    }

    public static MatchPool Empty { get; } = new([]);

    public int Count => Entries.Length;

    internal Entry[] Entries { get; }

    internal List<int> JobsWithWord(int wordId) => _jobsByTitleWord[wordId];

    /// <summary>Encodes a normalised text with the pool's symbols; words the pool lacks get symbols no pool word has.</summary>
    internal EncodedText Encode(string normalised)
    {
        if (normalised.Length == 0) return new EncodedText("", "", []);
        var words = Distinct(normalised);
        var symbols = new char[words.Length];
        var ids = new int[words.Length];
        var unknown = 0;
        for (var i = 0; i < words.Length; i++)
        {
            ids[i] = _wordIds.TryGetValue(words[i], out var id) ? id : -1;
            symbols[i] = ids[i] >= 0 ? Symbol(ids[i]) : (char)(FirstUnknown + unknown++);
        }
        return new EncodedText(normalised, new string(symbols), ids);
    }

    private EncodedText Add(string normalised)
    {
        if (normalised.Length == 0) return new EncodedText("", "", []);
        var words = Distinct(normalised);
        var symbols = new char[words.Length];
        var ids = new int[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            if (!_wordIds.TryGetValue(words[i], out var id))
            {
                id = _wordIds.Count;
                _wordIds[words[i]] = id;
                _jobsByTitleWord.Add([]);
            }
            ids[i] = id;
            symbols[i] = Symbol(id);
        }
        return new EncodedText(normalised, new string(symbols), ids);
    }

    private static string[] Distinct(string normalised)
    {
        var words = normalised.Split(' ');
        return words.Length == 1 ? words : words.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static char Symbol(int id) => (char)(FirstSymbol + id % (LastSymbol - FirstSymbol + 1));

    internal sealed record Entry(MatchCandidate Job, EncodedText Title, EncodedText Location);
}
