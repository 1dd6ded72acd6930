namespace Nacka.Records.Paging;

public static class Like
{
    /// <summary>The escape character <see cref="Containing"/> uses; give it to <c>EF.Functions.Like</c> (which otherwise escapes nothing).</summary>
    public const string Escape = "\\";

    /// <summary>
    /// A LIKE pattern (escape character <see cref="Escape"/>) matching text that contains <paramref name="search"/> literally
    /// (its %, _ and \ escaped).
    /// </summary>
    public static string Containing(string search) =>
        "%" + search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
