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
/// word-encoded) and rank against the <see cref="MatchPool"/>. The pool's word index finds the ATS jobs sharing a title
/// word; they are scored best bound first (the bound follows from the word overlap) until no bound can beat the last
/// place kept or the minimum score. ATS jobs sharing no word are scored only when <see cref="NoSharedWordCeiling"/> could
/// still place them. The scores themselves always come from the library; the index and bounds only skip pairs that
/// cannot make the list, so the result is the same as scoring every pair.
/// </remarks>
public sealed class MatchSuggester
{
    /// <summary>
    /// The highest score two jobs sharing no title word can reach: Dice is 0, Jaro–Winkler at most 1, so the title
    /// scores at most 0.25, and with locations at most 0.8 × 0.25 + 0.2.
    /// </summary>
    public const double NoSharedWordCeiling = 0.4;

    private const double WordWeight = 0.75, SpellingWeight = 0.25, TitleWeight = 0.8, LocationWeight = 0.2;

    /// <summary>Scores are rounded to 4 places; a bound this close below a threshold may still round up to it.</summary>
    private const double RoundingSlack = 1e-4;

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
        using var scratch = new Scratch(pool);
        // Locations repeat across jobs: each distinct ATS location is compared with this job's once.
        var locations = new LocationScores(location, scratch.LocationScores);
        var sharing = SharingWords(title, location, pool, scratch, minScore);
        // Best bound first: once a bound cannot reach the current last place (or the minimum), no later one can.
        for (var n = 0; n < sharing; n++)
        {
            if (-scratch.Bounds[n] + RoundingSlack < Needed(best, take, minScore)) break;
            Offer(best, take, minScore, Suggest(pool.Entries[scratch.Touched[n]], title, locations));
        }
        if (NoSharedWordCeiling + RoundingSlack >= Needed(best, take, minScore))
        {
            for (var i = 0; i < pool.Count; i++)
            {
                if (scratch.Shared[i] == 0) Offer(best, take, minScore, Suggest(pool.Entries[i], title, locations));
            }
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
        return Suggest(pool.Entries[0], pool.Encode(titleA), new LocationScores(pool.Encode(locationA), [double.NaN])).Score;
    }

    /// <summary>
    /// Finds the ATS jobs sharing a title word with this one through the pool's word index (counting shared words into
    /// <see cref="Scratch.Shared"/>) and keeps those that could reach <paramref name="minScore"/>, highest bound first, in
    /// <see cref="Scratch.Touched"/> with their negated bounds in <see cref="Scratch.Bounds"/>; returns how many. Word-set
    /// Dice follows exactly from the overlap (while no two pool words share a symbol) and Jaro–Winkler is at most 1, so a
    /// bound never under-rates a pair.
    /// </summary>
    private static int SharingWords(EncodedText title, EncodedText location, MatchPool pool, Scratch scratch, double minScore)
    {
        var (shared, touched, bounds) = (scratch.Shared, scratch.Touched, scratch.Bounds);
        var count = 0;
        foreach (var word in title.WordIds)
        {
            if (word < 0) continue;
            foreach (var entry in pool.JobsWithWord(word))
            {
                if (shared[entry]++ == 0) touched[count++] = entry;
            }
        }
        var kept = 0;
        for (var n = 0; n < count; n++)
        {
            var i = touched[n];
            var candidate = pool.Entries[i];
            var dice = 2.0 * shared[i] / (title.WordIds.Length + candidate.Title.WordIds.Length);
            var titleBound = WordWeight * dice + SpellingWeight;
            var bound = location.Text.Length == 0 || candidate.Location.Text.Length == 0 ? titleBound : TitleWeight * titleBound + LocationWeight;
            if (bound + RoundingSlack < minScore) continue;
            touched[kept] = i;
            bounds[kept++] = -bound;
        }
        Array.Sort(bounds, touched, 0, kept);
        return kept;
    }

    /// <summary>The score a further suggestion must reach: the minimum, or the last place once the list is full.</summary>
    private static double Needed(List<MatchSuggestion> best, int take, double minScore) =>
        best.Count == take ? Math.Max(minScore, best[^1].Score) : minScore;

    private MatchSuggestion Suggest(MatchPool.Entry entry, EncodedText title, LocationScores locations)
    {
        var titleScore = Similarity(title, entry.Title);
        double score;
        if (locations.Job.Text.Length == 0 || entry.Location.Text.Length == 0) score = Math.Round(titleScore, 4);
        else
        {
            ref var location = ref locations.Scores[entry.LocationId];
            if (double.IsNaN(location)) location = Similarity(locations.Job, entry.Location);
            score = Math.Round(TitleWeight * titleScore + LocationWeight * location, 4);
        }
        return new MatchSuggestion(entry.Job.Id, entry.Job.Title, entry.Job.Location, score);
    }

    /// <summary>One Circular job's location and its similarity to each distinct pool location (NaN: not computed yet).</summary>
    private readonly record struct LocationScores(EncodedText Job, double[] Scores);

    /// <summary>Working arrays for one ranking, rented so that ranking thousands of jobs allocates little.</summary>
    private readonly struct Scratch : IDisposable
    {
        public Scratch(MatchPool pool)
        {
            Shared = ArrayPool<int>.Shared.Rent(pool.Count);
            Touched = ArrayPool<int>.Shared.Rent(pool.Count);
            Bounds = ArrayPool<double>.Shared.Rent(pool.Count);
            LocationScores = ArrayPool<double>.Shared.Rent(Math.Max(1, pool.LocationCount));
            Array.Clear(Shared, 0, pool.Count);
            Array.Fill(LocationScores, double.NaN, 0, pool.LocationCount);
        }

        /// <summary>Per pool job, the title words it shares with the job being ranked.</summary>
        public int[] Shared { get; }
        public int[] Touched { get; }
        public double[] Bounds { get; }
        public double[] LocationScores { get; }

        public void Dispose()
        {
            ArrayPool<int>.Shared.Return(Shared);
            ArrayPool<int>.Shared.Return(Touched);
            ArrayPool<double>.Shared.Return(Bounds);
            ArrayPool<double>.Shared.Return(LocationScores);
        }
    }

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
        var locationIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var job in atsJobs)
        {
            var title = Add(normalise ? MatchSuggester.Normalise(job.Title) : job.Title);
            var location = Add(normalise ? MatchSuggester.Normalise(job.Location) : job.Location ?? "");
            foreach (var word in title.WordIds) _jobsByTitleWord[word].Add(entries.Count);
            if (!locationIds.TryGetValue(location.Text, out var locationId)) locationIds[location.Text] = locationId = locationIds.Count;
            entries.Add(new Entry(job, title, location, locationId));
        }
        Entries = entries.ToArray();
        LocationCount = locationIds.Count;
    }

    public static MatchPool Empty { get; } = new([]);

    public int Count => Entries.Length;

    /// <summary>How many distinct locations the pool's jobs have.</summary>
    internal int LocationCount { get; }

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

    internal sealed record Entry(MatchCandidate Job, EncodedText Title, EncodedText Location, int LocationId);
}
