namespace Nacka.Portal.Register;

/// <summary>A decision as a form holds it (every field optional while typing); sent as the API's <c>decision</c> when a body is given.</summary>
public sealed class DecisionForm
{
    public string? Body { get; set; }
    public DateOnly? Date { get; set; }
    public string? Paragraph { get; set; }
    public string? CaseNumber { get; set; }

    public object? ToRequest() => string.IsNullOrWhiteSpace(Body) && Date is null
        ? null
        : new { body = Body, date = Date, paragraph = Paragraph, caseNumber = CaseNumber };
}
