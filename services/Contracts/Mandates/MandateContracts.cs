using Nacka.Contracts.Units;

namespace Nacka.Contracts.Mandates;

/// <summary>What a manager's mandate from kommunstyrelsen covers, within the unit (full rådighet).</summary>
public enum MandateArea
{
    /// <summary>The unit's internal direction (inriktning).</summary>
    Direction,

    /// <summary>Goals (mål).</summary>
    Goals,

    /// <summary>Organisation.</summary>
    Organisation,

    /// <summary>Economy (ekonomi).</summary>
    Economy,

    /// <summary>Personnel (personal).</summary>
    Personnel,

    /// <summary>Development (utveckling).</summary>
    Development,
}

/// <summary>Why a mandate ended: the values of <see cref="MandateEnded.Reason"/>.</summary>
public static class MandateEndReasons
{
    /// <summary>Kommunstyrelsen revoked it by a decision.</summary>
    public const string Revoked = "revoked";

    /// <summary>A new mandate for the same unit took over (see the successor's id).</summary>
    public const string Superseded = "superseded";

    /// <summary>Its validity ran out (past its validTo).</summary>
    public const string Expired = "expired";

    /// <summary>The unit was dissolved (also merged into another unit, or split).</summary>
    public const string UnitDissolved = "unit-dissolved";
}

/// <summary>The person holding a mandate.</summary>
/// <param name="Name">The person's name.</param>
/// <param name="EmployeeId">The employee id in the HR system, if given.</param>
public sealed record MandateHolder(string Name, string? EmployeeId);

/// <summary>Kommunstyrelsen's decision behind a mandate.</summary>
/// <param name="CommitteeId">The deciding committee (kommunstyrelsen on the decision date).</param>
/// <param name="CommitteeName">Its name.</param>
/// <param name="Date">The decision date.</param>
/// <param name="Paragraph">The minutes' paragraph, e.g. <c>§ 123</c>.</param>
/// <param name="CaseNumber">The case number, e.g. <c>KFKS 2026/123</c>.</param>
public sealed record MandateDecision(Guid CommitteeId, string CommitteeName, DateOnly Date, string? Paragraph, string? CaseNumber);

/// <summary>Kommunstyrelsen gave a manager responsibility and mandate for a unit. A current mandate of the unit ends (superseded) the day this one
/// starts.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="MandateId">The mandate's id.</param>
/// <param name="Version">The mandate's version after this event (1 here).</param>
/// <param name="UnitId">The unit led.</param>
/// <param name="UnitName">The unit's name.</param>
/// <param name="Holder">The manager.</param>
/// <param name="Title">The manager's title: the unit's manager title on the grant date.</param>
/// <param name="Scope">What the mandate covers (all six areas unless the decision limits it).</param>
/// <param name="Decision">Kommunstyrelsen's decision.</param>
/// <param name="ValidFrom">First day of the mandate.</param>
/// <param name="ValidTo">Last day, if the mandate is time-limited.</param>
/// <param name="SupersedesMandateId">The unit's mandate this one takes over from, if any.</param>
public sealed record MandateGranted(
    Guid EventId, DateTimeOffset OccurredAt, Guid MandateId, int Version, Guid UnitId, string UnitName, MandateHolder Holder, ManagerTitle Title,
    IReadOnlyList<MandateArea> Scope, MandateDecision Decision, DateOnly ValidFrom, DateOnly? ValidTo, Guid? SupersedesMandateId) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => MandateId;
}

/// <summary>A mandate ended: from <paramref name="EndedOn"/> the holder no longer leads the unit on it.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="MandateId">The mandate's id.</param>
/// <param name="Version">The mandate's version after this event.</param>
/// <param name="UnitId">The unit.</param>
/// <param name="UnitName">The unit's name.</param>
/// <param name="Holder">The manager whose mandate ended.</param>
/// <param name="EndedOn">The first day it no longer holds.</param>
/// <param name="Reason"><c>revoked</c>, <c>superseded</c>, <c>expired</c> or <c>unit-dissolved</c>.</param>
/// <param name="SuccessorMandateId">When superseded: the mandate taking over.</param>
/// <param name="Decision">When revoked: kommunstyrelsen's decision.</param>
public sealed record MandateEnded(
    Guid EventId, DateTimeOffset OccurredAt, Guid MandateId, int Version, Guid UnitId, string UnitName, MandateHolder Holder, DateOnly EndedOn,
    string Reason, Guid? SuccessorMandateId, DecisionReference? Decision) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => MandateId;
}
