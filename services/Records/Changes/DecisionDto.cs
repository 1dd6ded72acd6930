using Nacka.Rules;
namespace Nacka.Records.Changes;

/// <summary>A board decision reference as it travels in requests and responses.</summary>
/// <param name="Body">The deciding body, e.g. <c>KS</c> (kommunstyrelsen) or a committee's name.</param>
/// <param name="Date">The date of the decision.</param>
/// <param name="Paragraph">The minutes' paragraph, e.g. <c>§ 123</c>.</param>
/// <param name="CaseNumber">The case number (diarienummer), e.g. <c>KFKS 2026/123</c>.</param>
public sealed record DecisionDto(string Body, DateOnly Date, string? Paragraph, string? CaseNumber)
{
    public Decision ToDomain() => new(Body.Trim(), Date, Blank(Paragraph), Blank(CaseNumber));

    public static DecisionDto? From(Decision? decision) =>
        decision is null ? null : new DecisionDto(decision.Body, decision.Date, decision.Paragraph, decision.CaseNumber);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
