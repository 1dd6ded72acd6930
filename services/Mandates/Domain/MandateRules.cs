using Nacka.Contracts;
using Nacka.Contracts.Mandates;
using Nacka.Contracts.Units;
using Nacka.Rules;

namespace Nacka.Mandates.Domain;

/// <summary>
/// Kommunstyrelsen's decision as the KS secretariat sent it, with a grant or a revocation: the
/// committee by id (the rules check it is KS on the date), the date, paragraph and case number.
/// Once checked it is the contract's <see cref="MandateDecision"/> in the mandate's state and events.
/// </summary>
public sealed record DecisionDraft(Guid? CommitteeId, DateOnly? Date, string? Paragraph, string? CaseNumber);

/// <summary>A grant as the KS secretariat sent it.</summary>
public sealed record GrantDraft(string? HolderName, string? EmployeeId, string? Title, IReadOnlyList<string>? Scope, DecisionDraft Decision,
    DateOnly ValidFrom, DateOnly? ValidTo);

/// <summary>
/// A new mandate; when the unit had one, the end of that one with the revision it makes; and when
/// an end of the new mandate is already known — the unit's recorded dissolution, a successor
/// appointed ahead — its own end on the earliest such day (an end bounds what is written after it,
/// as it bounds what was there before).
/// </summary>
public sealed record Grant(Changed<MandateState> Granted, (Changed<MandateState> Change, Revising Revision)? PreviousEnded,
    (Changed<MandateState> Change, Revising Revision)? EndsAhead = null);

/// <summary>
/// Mandates from kommunstyrelsen as pure functions: the unit and committee facts come from the
/// read models, the unit's current mandate from the caller; the rules decide and name the events.
/// </summary>
public static class MandateRules
{
    public const int MaxNameLength = 200;
    public const int MaxEmployeeIdLength = 50;

    /// <param name="id">The new mandate's id.</param>
    /// <param name="draft">What was asked.</param>
    /// <param name="unit">The unit, null when unknown.</param>
    /// <param name="committee">The deciding committee, null when unknown.</param>
    /// <param name="open">The mandate the grant takes over from, with the revision its end will make (the rule dates it): the unit's
    /// mandate whose end is not recorded, or, when there is none, the one holding on the new mandate's first day that ends later only
    /// because its unit's dissolution is recorded — that end is not a decision about the mandate, so it is still the unit's current one
    /// and a recorded dissolution ahead never freezes who leads the unit until then. An end kommunstyrelsen decided (a revocation, a
    /// successor) is brought forward by revoking, not by granting over it.</param>
    /// <param name="ended">The unit's mandates whose end is recorded: one mandate leads a unit on any day, so a grant may not reach into their periods.</param>
    /// <param name="first">The new mandate's first revision: when it is recorded, where its ids come from.</param>
    /// <param name="planned">A successor already granted from a later day (its end not recorded): the new mandate holds until the day
    /// before it starts — a change dated before a scheduled one holds until it, and the scheduled one still takes effect on its date.
    /// <paramref name="open"/> is then the mandate it was to supersede, if that holds on the new mandate's first day.</param>
    public static Outcome<Grant> Grant(Guid id, GrantDraft draft, UnitFacts? unit, CommitteeFacts? committee, (MandateState State, Revising Ending)? open,
        IReadOnlyList<MandateState> ended, Revising first, MandateState? planned = null)
    {
        var errors = new List<DomainError>();
        if (string.IsNullOrWhiteSpace(draft.HolderName) || draft.HolderName.Trim().Length > MaxNameLength)
        {
            errors.Add(DomainError.Invalid("holder.name", $"The manager's name is required (at most {MaxNameLength} characters)."));
        }

        if (draft.EmployeeId is { Length: > MaxEmployeeIdLength })
        {
            errors.Add(DomainError.Invalid("holder.employeeId", $"At most {MaxEmployeeIdLength} characters."));
        }

        var title = ParseTitle(draft.Title);
        errors.AddRange(title.Errors);
        var scope = ParseScope(draft.Scope);
        errors.AddRange(scope.Errors);
        errors.AddRange(CheckDecision(draft.Decision, committee));
        if (draft.ValidTo is { } to && to < draft.ValidFrom)
        {
            errors.Add(DomainError.Invalid("validTo", "Must not be before validFrom."));
        }

        if (unit is null)
        {
            errors.Add(DomainError.Invalid("unitId", "No unit with this id is known (units reach Mandates through their events within seconds)."));
        }

        if (errors.Count > 0)
        {
            return Outcome<Grant>.Failure(errors);
        }

        if (CheckBoard(committee!, draft.Decision.Date!.Value) is { } notBoard)
        {
            return notBoard;
        }

        if (!unit!.IsActiveOn(draft.ValidFrom))
        {
            return DomainError.Conflict("unit-not-active", $"'{unit.Name}' is not active on {draft.ValidFrom:yyyy-MM-dd}.");
        }

        if (title.Value != unit.ManagerTitle)
        {
            return DomainError.Conflict("title-mismatch", $"'{unit.Name}' is led by a {unit.ManagerTitle}, not a {title.Value}.");
        }

        var current = open?.State;
        if (current is not null && current.ValidFrom >= draft.ValidFrom)
        {
            return DomainError.Conflict("overlaps-current",
                $"The unit's current mandate ({current.HolderName}) starts {current.ValidFrom:yyyy-MM-dd}; a new grant takes over from a later date.");
        }

        // Held until a successor appointed ahead takes over: superseded by it from its first day (or expired before, if limited so).
        var heldUntil = planned is null ? draft.ValidTo?.AddDays(1)
            : draft.ValidTo is { } asked && asked < planned.ValidFrom ? asked.AddDays(1) : planned.ValidFrom;

        if (ended.FirstOrDefault(m => m.HoldsDuring(draft.ValidFrom, heldUntil)) is { } overlapped)
        {
            return DomainError.Conflict("overlaps-mandate",
                $"{overlapped.HolderName} leads '{unit.Name}' from {overlapped.ValidFrom:yyyy-MM-dd} until {overlapped.HeldUntil:yyyy-MM-dd}: one "
                    + $"mandate leads a unit on any day.");
        }

        var decision = new MandateDecision(committee!.Id, committee.Name, draft.Decision.Date.Value, Blank(draft.Decision.Paragraph),
            Blank(draft.Decision.CaseNumber));
        var mandate = new MandateState(id, unit.Id, draft.HolderName!.Trim(), Blank(draft.EmployeeId), title.Value, scope.Value!, decision,
            draft.ValidFrom, draft.ValidTo,
            null, null, null);
        (Changed<MandateState>, Revising)? previous = null;
        if (current is not null)
        {
            // A time-limited mandate that ran out before the new one starts expired; otherwise the new one supersedes it.
            var (on, reason, successor) = current.ValidTo is { } lastDay && lastDay < draft.ValidFrom
                ? (lastDay.AddDays(1), MandateEndReasons.Expired, (Guid?)null)
                : (draft.ValidFrom, MandateEndReasons.Superseded, id);
            var ending = open!.Value.Ending;
            ending = ending with { Change = ending.Change with { ValidFrom = on, Reason = reason } };
            previous = (End(current, unit.Name, reason, successor, null, ending), ending);
        }

        var granted = new Changed<MandateState>(mandate, "granted",
            [new MandateGranted(first.NewId(), first.At, id, 1, unit.Id, unit.Name, mandate.Holder, mandate.Title, mandate.Scope, decision,
                mandate.ValidFrom, mandate.ValidTo, current?.Id)]);
        // An end already known comes with the grant, the earliest one: the unit's recorded dissolution, or the successor appointed ahead
        // (superseded by it from its first day; expired first, if the new mandate's period ends before). One mandate per unit has no end recorded.
        var ends = new List<(DateOnly On, string Reason, Guid? Successor)>();
        if (unit.DissolvedOn is { } dissolvedOn && (mandate.ValidTo is null || mandate.ValidTo >= dissolvedOn))
        {
            ends.Add((dissolvedOn, MandateEndReasons.UnitDissolved, null));
        }

        if (planned is not null)
        {
            // A last day before the successor's first expires, as a mandate taken over does (the day before included).
            ends.Add(draft.ValidTo is { } lastDay && lastDay < planned.ValidFrom
                ? (lastDay.AddDays(1), MandateEndReasons.Expired, null)
                : (planned.ValidFrom, MandateEndReasons.Superseded, planned.Id));
        }

        if (ends.Count > 0)
        {
            var (endOn, reason, successor) = ends.MinBy(e => e.On);
            var ending = first.Next() with { Change = first.Change with { ValidFrom = endOn, Reason = reason, Decision = null } };
            return new Grant(granted, previous, (End(mandate, unit.Name, reason, successor, null, ending), ending));
        }

        return new Grant(granted, previous);
    }

    /// <summary>Kommunstyrelsen revokes the mandate from a date, by a decision.</summary>
    /// <remarks>
    /// A mandate whose end is already recorded for a later day (a successor ahead, its unit's dissolution ahead) may be revoked
    /// from an earlier day: the earlier end wins, as it does when a unit is dissolved. A later end than the recorded one changes nothing
    /// and is refused.
    /// </remarks>
    public static Outcome<Changed<MandateState>> Revoke(MandateState mandate, string unitName, DecisionDraft draft, CommitteeFacts? committee, Revising next)
    {
        if (mandate.EndedOn is { } recorded && next.Change.ValidFrom >= recorded)
        {
            return DomainError.Conflict("mandate-ended",
                $"The mandate ends on {recorded:yyyy-MM-dd} ({mandate.EndReason}); a revocation can only bring its end forward.");
        }

        var errors = CheckDecision(draft, committee).ToList();
        if (next.Change.ValidFrom < mandate.ValidFrom)
        {
            errors.Add(DomainError.Invalid("endedOn", $"Must not be before the mandate starts ({mandate.ValidFrom:yyyy-MM-dd})."));
        }

        if (errors.Count > 0)
        {
            return Outcome<Changed<MandateState>>.Failure(errors);
        }

        if (CheckBoard(committee!, draft.Date!.Value) is { } notBoard)
        {
            return notBoard;
        }

        var decision = new DecisionReference(committee!.Name, draft.Date.Value, Blank(draft.Paragraph), Blank(draft.CaseNumber));
        return End(mandate, unitName, MandateEndReasons.Revoked, null, decision, next);
    }

    /// <summary>The end of a mandate for a reason that is not a decision: its unit dissolved, or its validity ran out.</summary>
    /// <summary>
    /// The unit is dissolved from <c>next.Change.ValidFrom</c>: a mandate holding then ends that
    /// day, also when an end was recorded for later (a successor's grant ahead) — the earlier end
    /// wins; a planned mandate that would start on or after it never holds and ends on its first
    /// day (dated then by the caller). Null when the mandate stops holding by then anyway.
    /// </summary>
    public static Changed<MandateState>? EndWithUnit(MandateState mandate, string unitName, Revising next) =>
        mandate.HeldUntil is { } until && until <= next.Change.ValidFrom
            ? null
            : End(mandate, unitName, MandateEndReasons.UnitDissolved, null, null, next);

    public static Outcome<Changed<MandateState>> EndFor(MandateState mandate, string unitName, string reason, Revising next) =>
        CheckOpen(mandate, next) is { } error ? error : End(mandate, unitName, reason, null, null, next);

    public static DomainError? CheckOpen(MandateState mandate, Revising next)
    {
        if (mandate.IsEndRecorded)
        {
            return DomainError.Conflict("mandate-ended", $"The mandate ended on {mandate.EndedOn:yyyy-MM-dd} ({mandate.EndReason}); it cannot change.");
        }

        return null;
    }

    public static Outcome<ManagerTitle> ParseTitle(string? title) =>
        Enum.TryParse<ManagerTitle>(title?.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(title, out _)
            ? parsed
            : DomainError.Invalid("title", "Enhetschef, Rektor or Verksamhetschef: the unit's manager title.");

    /// <summary>The areas the mandate covers: all six unless the decision names fewer.</summary>
    public static Outcome<IReadOnlyList<MandateArea>> ParseScope(IReadOnlyList<string>? scope)
    {
        if (scope is null)
        {
            return Enum.GetValues<MandateArea>();
        }

        var areas = new List<MandateArea>();
        foreach (var area in scope)
        {
            if (!Enum.TryParse<MandateArea>(area?.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(area, out _))
            {
                return DomainError.Invalid("scope", "Areas are direction, goals, organisation, economy, personnel, development (inriktning, mål, "
                    + "organisation, ekonomi, personal, utveckling).");
            }

            areas.Add(parsed);
        }

        return areas.Count == 0 || areas.Distinct().Count() != areas.Count
            ? DomainError.Invalid("scope", "Name each area once, at least one; leave scope out for all six.")
            : areas.Order().ToList();
    }

    private static IEnumerable<DomainError> CheckDecision(DecisionDraft draft, CommitteeFacts? committee)
    {
        var (committeeId, date, paragraph, caseNumber) = draft;
        if (committeeId is null)
        {
            yield return DomainError.Invalid("decision.committeeId", "Every mandate comes from a decision of kommunstyrelsen: give its committee id.");
        }
        else if (committee is null)
        {
            yield return DomainError.Invalid("decision.committeeId", "No committee with this id is known.");
        }

        if (date is null)
        {
            yield return DomainError.Invalid("decision.date", "The decision's date is required.");
        }

        if (paragraph is { } p && !string.IsNullOrWhiteSpace(p) && !DecisionTexts.IsParagraph(p))
        {
            yield return DomainError.Invalid("decision.paragraph", "A paragraph of the minutes, written § 123.");
        }

        if (caseNumber is { Length: > DecisionTexts.MaxDecisionFieldLength })
        {
            yield return DomainError.Invalid("decision.caseNumber", "At most 100 characters, e.g. KFKS 2026/123.");
        }
    }

    private static DomainError? CheckBoard(CommitteeFacts committee, DateOnly date) =>
        committee.IsExecutiveBoardOn(date)
            ? null
            : DomainError.Conflict("not-executive-board",
                $"'{committee.Name}' is not kommunstyrelsen on {date:yyyy-MM-dd}: every mandate comes from a decision of the executive board.");

    /// <summary>The mandate ends on the revision's date.</summary>
    private static Changed<MandateState> End(MandateState mandate, string unitName, string reason, Guid? successor, DecisionReference? decision,
        Revising revising)
    {
        var on = revising.Change.ValidFrom;
        var ended = mandate with { EndedOn = on, EndReason = reason, SuccessorId = successor };
        return new Changed<MandateState>(ended, "ended",
            [new MandateEnded(revising.NewId(), revising.At, mandate.Id, revising.Version, mandate.UnitId, unitName, mandate.Holder, on, reason,
                successor, decision)]);
    }


    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
