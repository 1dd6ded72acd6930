namespace Nacka.Portal.Register;

/// <summary>The services' rule codes in Swedish words, for people; the code itself stays in the API.</summary>
public static class RuleTexts
{
    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        ["actor-not-engaged"] = "Aktören är inte engagerad i processen.",
        ["already-briefed"] = "Uppdraget är redan genomgånget.",
        ["already-continued"] = "Ett annat uppdrag fortsätter redan det uppdraget.",
        ["already-engaged"] = "Aktören är redan engagerad.",
        ["already-participating"] = "Enheten deltar redan i processen.",
        ["already-vacant"] = "Posten är redan vakant.",
        ["assignment-closed"] = "Uppdraget är avslutat.",
        ["chair-follows-owner"] = "Ordförandeposten följer processägaren och kan inte avslutas för sig.",
        ["changed-later"] = "En senare ändring av samma uppgift är redan registrerad; ändra den först.",
        ["committee-dissolved"] = "Nämnden är upplöst.",
        ["committee-not-active"] = "Nämnden är inte verksam den dagen.",
        ["director-not-linked"] = "Direktören är inte kopplad till nämnden.",
        ["director-post-closed"] = "Direktörsposten är avvecklad den dagen.",
        ["director-post-vacant"] = "Direktörsposten är vakant den dagen.",
        ["duplicate-identifier"] = "En annan enhet har den identifieraren under någon av dagarna.",
        ["duplicate-kind"] = "Det enhetsslaget finns redan.",
        ["duplicate-name"] = "En annan post i registret har det namnet under någon av dagarna.",
        ["duplicate-seat"] = "Platsen finns redan i ledningsgruppen.",
        ["executive-board-exists"] = "Det finns redan en kommunstyrelse under någon av dagarna.",
        ["mandate-ended"] = "Uppdraget har redan upphört.",
        ["no-such-seat"] = "Platsen finns inte.",
        ["not-a-successor"] = "Enheten är inte en efterträdare till den upplösta enheten.",
        ["not-engaged"] = "Aktören är inte engagerad.",
        ["not-executive-board"] = "Beslutet är inte kommunstyrelsens.",
        ["not-participating"] = "Enheten deltar inte i processen.",
        ["overlaps"] = "En annan post gäller under samma dagar.",
        ["overlaps-current"] = "Ett annat uppdrag som chef gäller under samma dagar.",
        ["overlaps-mandate"] = "Ett annat uppdrag som chef gäller under samma dagar.",
        ["owner-not-held"] = "Ägarposten är vakant den dagen.",
        ["process-ended"] = "Processen har avslutats.",
        ["title-mismatch"] = "Titeln stämmer inte med enhetens chefstitel den dagen.",
        ["unchanged"] = "Ändringen ändrar ingenting.",
        ["unit-dissolved"] = "Enheten är avvecklad och kan bara läsas.",
        ["unit-has-mandate"] = "Enheten har redan en chef med uppdrag.",
        ["unit-not-active"] = "Enheten är inte verksam den dagen.",
    };

    public static string For(string? code, string? detail) =>
        code is not null && Texts.TryGetValue(code, out var text) ? text : detail ?? "Ändringen kunde inte sparas.";
}
