namespace Nacka.Rules;

/// <summary>A board decision behind a change: body (e.g. KS), date, paragraph (§ 123) and case number (KFKS 2026/123).</summary>
public sealed record Decision(string Body, DateOnly Date, string? Paragraph, string? CaseNumber);
