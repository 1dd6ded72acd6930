namespace Nacka.Contracts.Committees;

/// <summary>The director responsible for an assignment: one of the committee's link directors.</summary>
/// <param name="DirectorPostId">The post's id (Units service).</param>
/// <param name="Title">The post's title, e.g. "Utbildningsdirektör".</param>
public sealed record ResponsibleDirector(Guid DirectorPostId, string Title);

/// <summary>A committee gave an assignment (uppdrag) to a unit.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="AssignmentId">The assignment's id.</param>
/// <param name="Version">The assignment's version after this event (1 here).</param>
/// <param name="CommitteeId">The committee giving it.</param>
/// <param name="CommitteeName">The committee's name.</param>
/// <param name="UnitId">The unit carrying it out.</param>
/// <param name="UnitName">The unit's name.</param>
/// <param name="Title">What is to be done, in a line.</param>
/// <param name="Description">In more words, if given.</param>
/// <param name="From">First day of the assignment's period.</param>
/// <param name="To">Last day of its period, if it has one.</param>
/// <param name="Decision">The committee's decision behind it, if given.</param>
/// <param name="ResponsibleDirector">The link director who makes sure the unit's manager knows it.</param>
/// <param name="ContinuesAssignmentId">The assignment this one continues (given to a dissolved unit's successor), if any.</param>
public sealed record AssignmentIssued(
    Guid EventId, DateTimeOffset OccurredAt, Guid AssignmentId, int Version,
    Guid CommitteeId, string CommitteeName, Guid UnitId, string UnitName, string Title, string? Description,
    DateOnly From, DateOnly? To, DecisionReference? Decision, ResponsibleDirector ResponsibleDirector, Guid? ContinuesAssignmentId) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => AssignmentId;
}

/// <summary>The responsible director recorded that the unit's manager was briefed on the assignment.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="AssignmentId">The assignment's id.</param>
/// <param name="Version">The assignment's version after this event.</param>
/// <param name="Title">The assignment's title.</param>
/// <param name="CommitteeId">The committee that gave it.</param>
/// <param name="CommitteeName">The committee's name.</param>
/// <param name="UnitId">The unit carrying it out.</param>
/// <param name="UnitName">The unit's name.</param>
/// <param name="ResponsibleDirector">The director who briefed the manager.</param>
/// <param name="BriefedOn">The day the manager was briefed.</param>
/// <param name="Note">What was said or agreed, if recorded.</param>
public sealed record AssignmentBriefed(
    Guid EventId, DateTimeOffset OccurredAt, Guid AssignmentId, int Version, string Title,
    Guid CommitteeId, string CommitteeName, Guid UnitId, string UnitName, ResponsibleDirector ResponsibleDirector, DateOnly BriefedOn, string? Note)
        : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => AssignmentId;
}

/// <summary>An assignment was carried out. It cannot change afterwards.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="AssignmentId">The assignment's id.</param>
/// <param name="Version">The assignment's version after this event.</param>
/// <param name="Title">The assignment's title.</param>
/// <param name="CommitteeId">The committee that gave it.</param>
/// <param name="CommitteeName">The committee's name.</param>
/// <param name="UnitId">The unit that carried it out.</param>
/// <param name="UnitName">The unit's name.</param>
/// <param name="CompletedOn">The day it was completed.</param>
/// <param name="Reason">A note on the outcome, if given.</param>
public sealed record AssignmentCompleted(
    Guid EventId, DateTimeOffset OccurredAt, Guid AssignmentId, int Version, string Title,
    Guid CommitteeId, string CommitteeName, Guid UnitId, string UnitName, DateOnly CompletedOn, string? Reason) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => AssignmentId;
}

/// <summary>
/// An assignment was withdrawn. It cannot change afterwards. Reason <c>unit-dissolved</c> when its
/// unit was dissolved; then <paramref name="SuccessorUnitIds"/> names the units that continue the
/// unit's work (merge or split), which need a new assignment — nothing is moved silently.
/// </summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="AssignmentId">The assignment's id.</param>
/// <param name="Version">The assignment's version after this event.</param>
/// <param name="Title">The assignment's title.</param>
/// <param name="CommitteeId">The committee that gave it.</param>
/// <param name="CommitteeName">The committee's name.</param>
/// <param name="UnitId">The unit it was given to.</param>
/// <param name="UnitName">The unit's name.</param>
/// <param name="WithdrawnOn">The first day it no longer holds.</param>
/// <param name="Reason">Why: in words, or <c>unit-dissolved</c>.</param>
/// <param name="SuccessorUnitIds">When the unit was merged or split: the units continuing its work.</param>
public sealed record AssignmentWithdrawn(
    Guid EventId, DateTimeOffset OccurredAt, Guid AssignmentId, int Version, string Title,
    Guid CommitteeId, string CommitteeName, Guid UnitId, string UnitName, DateOnly WithdrawnOn, string Reason, IReadOnlyList<Guid> SuccessorUnitIds)
        : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => AssignmentId;
}
