namespace Circular.Portal.Data;

/// <summary>
/// Case-insensitive "contains" search that behaves the same on SQLite and PostgreSQL: queries compare
/// <c>column.ToLower().Contains(term)</c> with the term from here (trimmed, lower-cased). Both providers translate that to
/// <c>lower(column)</c> and a literal substring test, so <c>%</c> and <c>_</c> in the text match themselves on both, unlike
/// <c>LIKE</c>, which is case-insensitive on SQLite and case-sensitive on PostgreSQL.
/// SQLite's <c>lower()</c> folds ASCII letters only; PostgreSQL's folds all, so "É" only matches "é" on PostgreSQL.
/// </summary>
public static class SearchText
{
    public static string? Term(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToLowerInvariant();
}
