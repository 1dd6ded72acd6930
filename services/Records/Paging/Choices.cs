using Nacka.Rules;

namespace Nacka.Records.Paging;

public static class Choices
{
    /// <summary>
    /// A comma-separated filter such as <c>?status=planned,active</c>: lower-cased, each one of
    /// <paramref name="allowed"/>, or a 422 on <paramref name="field"/> naming them. Absent means <paramref name="byDefault"/>.
    /// </summary>
    public static Outcome<IReadOnlySet<string>> Parse(string? value, string byDefault, IReadOnlyCollection<string> allowed, string field = "status")
    {
        var chosen = (value ?? byDefault).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).ToHashSet();
        return chosen.Count == 0 || chosen.Except(allowed).Any()
            ? DomainError.Invalid(field, $"Use {string.Join(", ", allowed)} (comma-separated).")
            : chosen;
    }
}
