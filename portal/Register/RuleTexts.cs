namespace Nacka.Portal.Register;

/// <summary>The services' rule codes in Swedish words, for people; the code itself stays in the API.</summary>
public static class RuleTexts
{
    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        ["duplicate-name"] = "En annan enhet har det namnet under någon av dagarna.",
        ["duplicate-identifier"] = "En annan enhet har den identifieraren under någon av dagarna.",
        ["director-post-vacant"] = "Direktörsposten är vakant den dagen.",
        ["director-post-closed"] = "Direktörsposten är avvecklad den dagen.",
        ["unit-dissolved"] = "Enheten är avvecklad och kan bara läsas.",
        ["unchanged"] = "Ändringen ändrar ingenting.",
        ["changed-later"] = "En senare ändring av samma uppgift är redan registrerad; ändra den först.",
        ["overlaps-mandate"] = "Ett annat uppdrag som chef gäller under samma dagar.",
    };

    public static string For(string? code, string? detail) =>
        code is not null && Texts.TryGetValue(code, out var text) ? text : detail ?? "Ändringen kunde inte sparas.";
}
