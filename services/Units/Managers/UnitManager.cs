namespace Nacka.Units.Managers;

/// <summary>
/// A manager's mandate as Units knows it from the Mandates events (read model; Mandates owns it):
/// who leads the unit from when to when, on which decision of kommunstyrelsen.
/// </summary>
public sealed class UnitManager
{
    public Guid MandateId { get; set; }
    public Guid UnitId { get; set; }
    public string HolderName { get; set; } = "";
    public string Title { get; set; } = "";
    public DateOnly ValidFrom { get; set; }

    /// <summary>Last day (inclusive) of a time-limited mandate.</summary>
    public DateOnly? ValidTo { get; set; }

    /// <summary>First day it no longer holds, once ended.</summary>
    public DateOnly? EndedOn { get; set; }

    /// <summary>When Mandates recorded the grant (the event's <c>occurredAt</c>); null for grants applied before this was kept.</summary>
    public DateTimeOffset? GrantedRecordedAt { get; set; }

    /// <summary>When Mandates recorded the end (its event's <c>occurredAt</c>); null while it holds, or for ends applied before this was kept.</summary>
    public DateTimeOffset? EndedRecordedAt { get; set; }

    public string DecidedBy { get; set; } = "";
    public DateOnly DecidedOn { get; set; }
    public string? Paragraph { get; set; }
    public string? CaseNumber { get; set; }
}
