namespace Circular.Portal.Components;

/// <summary>Small wording rules shared by pages and messages, so a list or a size reads the same everywhere.</summary>
public static class Words
{
    /// <summary>"Subdomain" → "subdomain", but "API access token" stays: an acronym keeps its capitals mid-sentence.</summary>
    public static string LowerFirst(string label) =>
        label.Length switch
        {
            0 => label,
            1 => label.ToLowerInvariant(),
            _ when char.IsUpper(label[1]) => label,
            _ => char.ToLowerInvariant(label[0]) + label[1..],
        };

    /// <summary>Items that may already end in a full stop joined as one sentence part: no ".;" between, no ".." after.</summary>
    public static string List(IEnumerable<string> items, string separator = "; ") =>
        string.Join(separator, items.Select(i => i.Trim().TrimEnd('.', ';', ' ')).Where(i => i.Length > 0));

    /// <summary>A file size as people read it: bytes under 1 KB, then KB with one decimal under 10, then MB.</summary>
    public static string FileSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 10 * 1024 => $"{bytes / 1024.0:0.#} KB",
        < 1024 * 1024 => $"{bytes / 1024} KB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MB",
    };
}
