using Nacka.Contracts;
using Nacka.Contracts.Committees;
using Nacka.Rules;

namespace Nacka.Committees.Domain;

/// <summary>What an issue request asks for, its values as sent.</summary>
public sealed record AssignmentDraft(string? Title, string? Description, DateOnly From, DateOnly? To, Decision? Decision,
    Guid? ResponsibleDirectorPostId, Guid? ContinuesAssignmentId);

/// <summary>
/// An assignment's life as pure functions. The committee, the unit (from the Units events) and
/// the directors are looked up by the caller; the rules decide and name the events.
/// </summary>
public static class AssignmentRules
{
    public const int MaxTitleLength = 300;
    public const int MaxDescriptionLength = 4000;
    public const int MaxNoteLength = 2000;

    /// <param name="id">The new assignment's id.</param>
    /// <param name="draft">What was asked.</param>
    /// <param name="committee">The committee giving it, null when unknown.</param>
    /// <param name="unit">The unit, null when Committees knows no such unit.</param>
    /// <param name="unitDirectorOnStart">The director the unit's manager reports to on the start day (the default responsible director).</param>
    /// <param name="directors">Known director posts.</param>
    /// <param name="continued">The withdrawn assignment this one continues, when the draft names one.</param>
    /// <param name="at">When it is recorded.</param>
    public static Outcome<Changed<AssignmentState>> Issue(Guid id, AssignmentDraft draft, CommitteeState? committee, UnitFacts? unit, Guid? unitDirectorOnStart,
        IReadOnlyDictionary<Guid, DirectorPost> directors, AssignmentState? continued, Revising first)
    {
        var errors = new List<DomainError>();
        if (string.IsNullOrWhiteSpace(draft.Title) || draft.Title.Trim().Length > MaxTitleLength)
        {
            errors.Add(DomainError.Invalid("title", $"A title of at most {MaxTitleLength} characters is required."));
        }

        if (draft.Description is { Length: > MaxDescriptionLength })
        {
            errors.Add(DomainError.Invalid("description", $"At most {MaxDescriptionLength} characters."));
        }

        if (draft.To is { } to && to < draft.From)
        {
            errors.Add(DomainError.Invalid("to", "Must not be before from."));
        }

        if (committee is null)
        {
            errors.Add(DomainError.Invalid("committeeId", "No committee with this id."));
        }

        if (unit is null)
        {
            errors.Add(DomainError.Invalid("unitId", "No unit with this id is known (units reach Committees through their events within seconds)."));
        }

        if (errors.Count > 0)
        {
            return Outcome<Changed<AssignmentState>>.Failure(errors);
        }

        if (!committee!.IsActiveOn(draft.From))
        {
            return DomainError.Conflict("committee-not-active", $"'{committee.Name}' is not active on {draft.From:yyyy-MM-dd}, the assignment's start.");
        }

        if (!unit!.IsActiveOn(draft.From))
        {
            return DomainError.Conflict("unit-not-active", $"'{unit.Name}' is not active on {draft.From:yyyy-MM-dd}, the assignment's start.");
        }

        if (draft.ContinuesAssignmentId is { } continuesId && CheckContinuation(continuesId, continued, committee, unit) is { } notSuccessor)
        {
            return notSuccessor;
        }

        var directorId = draft.ResponsibleDirectorPostId ?? unitDirectorOnStart;
        if (directorId is not { } postId || !committee.IsLinkedOn(postId, draft.From) || !directors.TryGetValue(postId, out var director))
        {
            return DomainError.Conflict("director-not-linked", draft.ResponsibleDirectorPostId is null
                ? $"The director '{unit.Name}' reports to is not one of the link directors of '{committee.Name}' on {draft.From:yyyy-MM-dd}: name "
                    + $"responsibleDirectorPostId."
                : $"That director post is not one of the link directors of '{committee.Name}' on {draft.From:yyyy-MM-dd}.");
        }

        var assignment = new AssignmentState(id, committee.Id, unit.Id, draft.Title!.Trim(), Blank(draft.Description), draft.From, draft.To, draft.Decision,
            postId, null, null, AssignmentStatus.Issued, null, null, [], draft.ContinuesAssignmentId);
        return new Changed<AssignmentState>(assignment, "issued",
            [new AssignmentIssued(first.NewId(), first.At, id, 1, committee.Id, committee.Name, unit.Id, unit.Name, assignment.Title, assignment.Description,
                assignment.From, assignment.To, Reference(draft.Decision), new ResponsibleDirector(postId, director.Title), draft.ContinuesAssignmentId)]);
    }

    /// <summary>
    /// An assignment issued while its unit's or its committee's dissolution is already recorded
    /// ends with it: withdrawn on the earlier of the two dates (dated by <paramref name="next"/>'s
    /// version, the day the rule picks), as the dissolution would have withdrawn it had it come
    /// after. Null when neither ends within the assignment's period.
    /// </summary>
    public static (Changed<AssignmentState> Withdrawn, Revising Revision)? BoundByEnds(AssignmentState issued, UnitFacts unit, CommitteeState committee,
        AssignmentNames names, Revising next)
    {
        var ends = new[] { (On: unit.DissolvedOn, Reason: AssignmentState.UnitDissolvedReason),
            (On: committee.DissolvedOn, Reason: AssignmentState.CommitteeDissolvedReason) }
            .Where(e => e.On is { } on && (issued.To is null || issued.To >= on)).OrderBy(e => e.On).ToList();
        if (ends.Count == 0)
        {
            return null;
        }

        var (end, reason) = ends[0];
        var revision = next with { Change = next.Change with { ValidFrom = end!.Value, Reason = reason, Decision = null } };
        return (Withdraw(issued, names, revision).Value!, revision);
    }

    /// <summary>The responsible director records when the unit's manager was briefed (not in the future, once).</summary>
    public static Outcome<Changed<AssignmentState>> Brief(AssignmentState assignment, string? note, DateOnly today, AssignmentNames names, Revising next)
    {
        var on = next.Change.ValidFrom;
        if (CheckChangeable(assignment, next) is { } error)
        {
            return error;
        }

        if (on > today)
        {
            return DomainError.Invalid("briefedOn", "A briefing is recorded once it has happened: not a future date.");
        }

        if (note is { Length: > MaxNoteLength })
        {
            return DomainError.Invalid("note", $"At most {MaxNoteLength} characters.");
        }

        if (assignment.BriefedOn is { } earlier)
        {
            return DomainError.Conflict("already-briefed", $"The unit's manager was briefed on {earlier:yyyy-MM-dd}.");
        }

        var briefed = assignment with { BriefedOn = on, BriefingNote = Blank(note) };
        return new Changed<AssignmentState>(briefed, "briefed",
            [new AssignmentBriefed(next.NewId(), next.At, assignment.Id, next.Version, assignment.Title, assignment.CommitteeId, names.CommitteeName,
                assignment.UnitId, names.UnitName, new ResponsibleDirector(assignment.ResponsibleDirectorPostId, names.DirectorTitle), on,
                    briefed.BriefingNote)]);
    }

    public static Outcome<Changed<AssignmentState>> Complete(AssignmentState assignment, DateOnly today, AssignmentNames names, Revising next)
    {
        var on = next.Change.ValidFrom;
        if (CheckChangeable(assignment, next) is { } error)
        {
            return error;
        }

        if (on > today || on < assignment.From)
        {
            return DomainError.Invalid("completedOn", $"Between the assignment's start ({assignment.From:yyyy-MM-dd}) and today.");
        }

        var completed = assignment with { Status = AssignmentStatus.Completed, ClosedOn = on, ClosedReason = next.Change.Reason };
        return new Changed<AssignmentState>(completed, "completed",
            [new AssignmentCompleted(next.NewId(), next.At, assignment.Id, next.Version, assignment.Title, assignment.CommitteeId, names.CommitteeName,
                assignment.UnitId, names.UnitName, on, next.Change.Reason)]);
    }

    /// <summary>
    /// Withdraws an open assignment from the change's date; says why. A dissolved unit's assignments
    /// are withdrawn with <see cref="AssignmentState.UnitDissolvedReason"/> and its successors named.
    /// </summary>
    public static Outcome<Changed<AssignmentState>> Withdraw(AssignmentState assignment, AssignmentNames names, Revising next,
        IReadOnlyList<Guid>? successorUnitIds = null)
    {
        if (CheckChangeable(assignment, next) is { } error)
        {
            return error;
        }

        if (!next.Change.SaysWhy)
        {
            return DomainError.Invalid("reason", "Say why: a reason or a decision reference.");
        }

        var reason = next.Change.Reason ?? $"Decision {next.Change.Decision!.Body} {next.Change.Decision.Date:yyyy-MM-dd}";
        var on = next.Change.ValidFrom;
        var withdrawn = assignment with { Status = AssignmentStatus.Withdrawn, ClosedOn = on, ClosedReason = reason,
            SuccessorUnitIds = successorUnitIds ?? [] };
        return new Changed<AssignmentState>(withdrawn, "withdrawn",
            [new AssignmentWithdrawn(next.NewId(), next.At, assignment.Id, next.Version, assignment.Title, assignment.CommitteeId, names.CommitteeName,
                assignment.UnitId, names.UnitName, on, reason, withdrawn.SuccessorUnitIds)]);
    }

    /// <summary>A completed or withdrawn assignment is final.</summary>
    public static DomainError? CheckChangeable(AssignmentState assignment, Revising next)
    {
        if (!assignment.IsOpen)
        {
            return DomainError.Conflict("assignment-closed",
                $"The assignment is {assignment.Status.ToString().ToLowerInvariant()} (from {assignment.ClosedOn:yyyy-MM-dd}); it cannot change.");
        }

        return null;
    }

    /// <summary>An assignment continues one withdrawn from a dissolved unit: same committee, to one of that unit's successors.</summary>
    private static DomainError? CheckContinuation(Guid continuesId, AssignmentState? continued, CommitteeState committee, UnitFacts unit)
    {
        if (continued is null)
        {
            return DomainError.Invalid("continuesAssignmentId", $"No assignment with id {continuesId}.");
        }

        if (continued.CommitteeId != committee.Id || continued.Status != AssignmentStatus.Withdrawn || !continued.SuccessorUnitIds.Contains(unit.Id))
        {
            return DomainError.Conflict("not-a-successor",
                "Only an assignment withdrawn because its unit was merged or split can be continued: by the same committee, to one of the unit's successors.");
        }

        return null;
    }

    private static DecisionReference? Reference(Decision? decision) =>
        decision is null ? null : new DecisionReference(decision.Body, decision.Date, decision.Paragraph, decision.CaseNumber);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
