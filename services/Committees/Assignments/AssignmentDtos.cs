using Nacka.Committees.Data;
using Nacka.Committees.Domain;
using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Committees.Assignments;

public sealed record CommitteeRefDto(Guid Id, string? Name, string? Kind);

public sealed record UnitRefDto(Guid Id, string? Name);

public sealed record DirectorRefDto(Guid DirectorPostId, string? Title, string? HolderName);

/// <summary>When the unit's manager was briefed on the assignment by the responsible director.</summary>
public sealed record BriefingDto(DateOnly BriefedOn, string? Note);

/// <summary>An assignment (uppdrag) as it stood on <see cref="AsOf"/>.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Version">Its version (the ETag).</param>
/// <param name="Committee">The committee that gave it.</param>
/// <param name="Unit">The unit carrying it out.</param>
/// <param name="Title">What is to be done.</param>
/// <param name="Description">In more words.</param>
/// <param name="From">First day of its period.</param>
/// <param name="To">Last day of its period, if any.</param>
/// <param name="Decision">The committee's decision behind it.</param>
/// <param name="ResponsibleDirector">The link director who makes sure the unit's manager knows it.</param>
/// <param name="Briefing">When the manager was briefed; null until recorded.</param>
/// <param name="Status">issued, completed or withdrawn.</param>
/// <param name="ClosedOn">The day it was completed or withdrawn.</param>
/// <param name="ClosedReason">Why (unit-dissolved when its unit was dissolved).</param>
/// <param name="SuccessorUnits">When withdrawn because its unit was merged or split: the units continuing the work.</param>
/// <param name="ContinuesAssignmentId">The withdrawn assignment this one continues.</param>
/// <param name="ValidFrom">From when this version holds.</param>
/// <param name="AsOf">The date read.</param>
public sealed record AssignmentDto(
    Guid Id, int Version, CommitteeRefDto Committee, UnitRefDto Unit, string Title, string? Description, DateOnly From, DateOnly? To, DecisionDto? Decision,
    DirectorRefDto ResponsibleDirector, BriefingDto? Briefing, string Status, DateOnly? ClosedOn, string? ClosedReason,
        IReadOnlyList<UnitRefDto> SuccessorUnits,
    Guid? ContinuesAssignmentId, DateOnly ValidFrom, DateOnly AsOf);

/// <summary>What an assignment's history shows of each version.</summary>
public sealed record AssignmentSnapshot(string Status, string Title, DateOnly From, DateOnly? To, DateOnly? BriefedOn, DateOnly? ClosedOn,
    string? ClosedReason);

/// <summary>One committee's part of a unit's assignments.</summary>
/// <param name="Committee">The committee.</param>
/// <param name="Count">Its open assignments to the unit.</param>
/// <param name="Share">Its share of the unit's open assignments, 0–1 (rounded to 3 decimals).</param>
/// <param name="Assignments">Those assignments, the latest started first.</param>
public sealed record CommitteeShareDto(CommitteeRefDto Committee, int Count, double Share, IReadOnlyList<AssignmentDto> Assignments);

/// <summary>A unit's open assignments grouped by the committees that gave them, most first.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="Total">Its open assignments on <paramref name="AsOf"/>: issued, period not ended.</param>
/// <param name="MainCommittee">The committee giving most of them (null when none, or a tie for most).</param>
/// <param name="Committees">Each committee's count and share.</param>
/// <param name="AsOf">The date read.</param>
public sealed record AssignmentSummaryDto(UnitRefDto Unit, int Total, CommitteeRefDto? MainCommittee, IReadOnlyList<CommitteeShareDto> Committees,
    DateOnly AsOf);

/// <summary>Issues an assignment to a unit.</summary>
/// <param name="CommitteeId">The committee giving it (active on <paramref name="From"/>).</param>
/// <param name="UnitId">The unit (active on <paramref name="From"/>); a unit of any kind, whichever committee it usually works for.</param>
/// <param name="Title">What is to be done, in a line.</param>
/// <param name="Description">In more words.</param>
/// <param name="From">First day; default today.</param>
/// <param name="To">Last day, if the assignment has an end.</param>
/// <param name="ResponsibleDirectorPostId">One of the committee's link directors; default the director the unit's manager reports to.</param>
/// <param name="ContinuesAssignmentId">An assignment withdrawn because its unit was merged or split, that this one continues at a successor unit.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Decision">The committee's decision (date, § paragraph, case number).</param>
public sealed record IssueAssignmentRequest(Guid? CommitteeId, Guid? UnitId, string? Title, string? Description, DateOnly? From, DateOnly? To,
    Guid? ResponsibleDirectorPostId, Guid? ContinuesAssignmentId, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

/// <summary>The responsible director records that the unit's manager was briefed.</summary>
/// <param name="BriefedOn">The day of the briefing; default today, never in the future.</param>
/// <param name="Note">What was said or agreed.</param>
public sealed record RecordBriefingRequest(DateOnly? BriefedOn, string? Note, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

/// <summary>The assignment was carried out.</summary>
/// <param name="CompletedOn">The day; default today, not in the future.</param>
/// <param name="Reason">A note on the outcome.</param>
public sealed record CompleteAssignmentRequest(DateOnly? CompletedOn, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

/// <summary>The committee withdraws the assignment.</summary>
/// <param name="WithdrawnOn">First day it no longer holds; default today.</param>
/// <param name="Reason">Why (a reason or a decision is required).</param>
public sealed record WithdrawAssignmentRequest(DateOnly? WithdrawnOn, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

/// <summary>Builds the DTOs with the names they show: committees and units as known, director posts with their holders.</summary>
internal sealed class AssignmentNaming(IReadOnlyDictionary<Guid, CommitteeRefDto> committees, IReadOnlyDictionary<Guid, string> units,
    IReadOnlyDictionary<Guid, DirectorPost> directors)
{
    public CommitteeRefDto Committee(Guid id) => committees.TryGetValue(id, out var committee) ? committee : new CommitteeRefDto(id, null, null);

    public UnitRefDto Unit(Guid id) => new(id, units.GetValueOrDefault(id));

    public AssignmentDto Dto(AssignmentRecord record, DateOnly asOf)
    {
        var state = record.ToState();
        var director = directors.GetValueOrDefault(state.ResponsibleDirectorPostId);
        return new AssignmentDto(state.Id, record.Version, Committee(state.CommitteeId), Unit(state.UnitId), state.Title, state.Description,
            state.From, state.To,
            DecisionDto.From(state.Decision), new DirectorRefDto(state.ResponsibleDirectorPostId, director?.Title, director?.HolderName),
            state.BriefedOn is { } briefedOn ? new BriefingDto(briefedOn, state.BriefingNote) : null, record.Status, state.ClosedOn, state.ClosedReason,
            [.. state.SuccessorUnitIds.Select(Unit)], state.ContinuesAssignmentId, record.ValidFrom, asOf);
    }
}
