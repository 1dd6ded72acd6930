namespace Nacka.Contracts;

/// <summary>A board decision an event refers to.</summary>
/// <param name="Body">The deciding body, e.g. <c>KS</c> (kommunstyrelsen) or a committee's name.</param>
/// <param name="Date">The date of the decision.</param>
/// <param name="Paragraph">The minutes' paragraph, e.g. <c>§ 123</c>, if given.</param>
/// <param name="CaseNumber">The case number (diarienummer), e.g. <c>KFKS 2026/123</c>, if given.</param>
public sealed record DecisionReference(string Body, DateOnly Date, string? Paragraph, string? CaseNumber);
