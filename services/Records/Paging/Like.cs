namespace Nacka.Records.Paging;

public static class Like
{
    /// <summary>An ILIKE pattern matching text that contains <paramref name="search"/> literally (its %, _ and \ escaped).</summary>
    public static string Containing(string search) =>
        "%" + search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
