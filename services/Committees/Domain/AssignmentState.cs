using Nacka.Rules;

namespace Nacka.Committees.Domain;

/// <summary>Where an assignment stands. Completed and withdrawn are final.</summary>
public enum AssignmentStatus
{
    Issued,
    Completed,
    Withdrawn,
}

/// <summary>An assignment (uppdrag) a committee gave a unit, as it stands after its latest change.</summary>
public sealed record AssignmentState(
    Guid Id, Guid CommitteeId, Guid UnitId, string Title, string? Description, DateOnly From, DateOnly? To, Decision? Decision,
    Guid ResponsibleDirectorPostId, DateOnly? BriefedOn, string? BriefingNote, AssignmentStatus Status, DateOnly? ClosedOn, string? ClosedReason,
    IReadOnlyList<Guid> SuccessorUnitIds, Guid? ContinuesAssignmentId)
{
    /// <summary>Why an assignment is withdrawn when its unit is dissolved.</summary>
    public const string UnitDissolvedReason = "unit-dissolved";

    /// <summary>Why an assignment issued while its committee's dissolution was recorded ends on that day.</summary>
    public const string CommitteeDissolvedReason = "committee-dissolved";

    public bool IsOpen => Status == AssignmentStatus.Issued;
}

/// <summary>The names an assignment's events carry, so a subscriber need not look them up.</summary>
public sealed record AssignmentNames(string CommitteeName, string UnitName, string DirectorTitle);
