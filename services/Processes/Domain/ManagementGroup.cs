using Nacka.Contracts.Processes;
using Nacka.Rules;
using Nacka.Rules.Identifiers;
using static Nacka.Processes.Domain.ProcessLife;

namespace Nacka.Processes.Domain;

/// <summary>A member seat as asked for: its kind and who fills it (a director post, a unit, or an actor's representative).</summary>
public sealed record SeatDraft(string? Kind, Guid? DirectorPostId, Guid? UnitId, string? Organisationsnummer, string? RepresentativeName);

/// <summary>Why a seat (or a unit's part) ended other than by its own end: the reason its event carries.</summary>
public static class SeatEndReasons
{
    /// <summary>The chair moved to the new owner.</summary>
    public const string OwnerChanged = "owner-changed";

    /// <summary>The unit was dissolved: its part in the process and its manager's seat end.</summary>
    public const string UnitDissolved = "unit-dissolved";

    /// <summary>The actor no longer takes part: its representatives' seats end.</summary>
    public const string ActorDisengaged = "actor-disengaged";
}

/// <summary>The process owner's management group (ledningsgrupp): the owner's chair and member seats for directors, unit managers and actors'
/// representatives.</summary>
public static class ManagementGroup
{
    /// <summary>A member seat: a director post, a unit (whoever leads it), or a named representative of an engaged actor. No duplicate seat.</summary>
    /// <param name="process">The process.</param>
    /// <param name="draft">The seat asked for.</param>
    /// <param name="unit">The unit named by <see cref="SeatDraft.UnitId"/>, null when none or unknown.</param>
    /// <param name="names">Names for the event.</param>
    /// <param name="next">The revision it makes.</param>
    public static Outcome<ProcessSteps> AddMemberSeat(ProcessState process, SeatDraft draft, UnitFacts? unit, ProcessNames names, Revising next)
    {
        var (kind, directorPostId, unitId, organisationsnummer, representativeName) = draft;
        if (CheckChangeable(process, next) is { } error)
        {
            return error;
        }

        var on = next.Change.ValidFrom;
        Seat seat;
        switch (kind?.Trim().ToLowerInvariant())
        {
            case Seats.Director:
                if (directorPostId is not { } postId || !names.Directors.ContainsKey(postId))
                {
                    return DomainError.Invalid("directorPostId", "Give a known director post.");
                }

                seat = new Seat(next.NewId(), Seats.Director, Seats.Member, postId, null, null, null, on, null);
                break;
            case Seats.UnitManager:
                if (unit is null)
                {
                    return DomainError.Invalid("unitId", unitId is null ? "Give the unit whose manager sits in the seat." : "No unit with this id is known.");
                }

                if (!unit.IsActiveOn(on))
                {
                    return DomainError.Conflict("unit-not-active", $"'{unit.Name}' is not active on {on:yyyy-MM-dd}.");
                }

                seat = new Seat(next.NewId(), Seats.UnitManager, Seats.Member, null, unit.Id, null, null, on, null);
                break;
            case Seats.External:
                var (orgnr, orgnrError) = Identifiers.CheckOrganisationsnummer(organisationsnummer);
                if (orgnrError is not null || string.IsNullOrWhiteSpace(representativeName) || representativeName.Trim().Length > ProcessLimits.MaxNameLength)
                {
                    return Outcome<ProcessSteps>.Failure([.. new[] {
                        orgnrError is null ? null : DomainError.Invalid("organisationsnummer", orgnrError),
                        string.IsNullOrWhiteSpace(representativeName) || representativeName.Trim().Length > ProcessLimits.MaxNameLength
                            ? DomainError.Invalid("representativeName",
                                $"The representative's name is required (at most {ProcessLimits.MaxNameLength} characters).") : null }.OfType<DomainError>()]);
                }

                if (!process.Actors.Any(a => a.Organisationsnummer == orgnr && Holds(a, on)))
                {
                    return DomainError.Conflict("actor-not-engaged", $"{orgnr} does not take part in '{process.Name}' on {on:yyyy-MM-dd}: engage it first.");
                }

                seat = new Seat(next.NewId(), Seats.External, Seats.Member, null, null, orgnr, representativeName.Trim(), on, null);
                break;
            default:
                return DomainError.Invalid("kind", "director, unit-manager or external.");
        }

        if (process.Group.Any(s => s.To is null && s.Kind == seat.Kind && s.DirectorPostId == seat.DirectorPostId && s.UnitId == seat.UnitId
            && s.Organisationsnummer == seat.Organisationsnummer
                && string.Equals(s.RepresentativeName, seat.RepresentativeName, StringComparison.OrdinalIgnoreCase)))
        {
            return DomainError.Conflict("duplicate-seat", "The group already has this seat.");
        }

        var steps = AddSeat(new ProcessSteps(process, next), seat, names, on);
        // A unit manager's seat for a unit whose dissolution is already recorded ends then, as the dissolution would have ended it.
        return unit?.DissolvedOn is { } dissolvedOn && seat.Kind == Seats.UnitManager
            ? EndSeat(steps, seat, dissolvedOn, SeatEndReasons.UnitDissolved, names) : steps;
    }

    public static Outcome<ProcessSteps> EndMemberSeat(ProcessState process, Guid seatId, ProcessNames names, Revising next)
    {
        if (CheckChangeable(process, next) is { } error)
        {
            return error;
        }

        if (process.Group.SingleOrDefault(s => s.SeatId == seatId && s.To is null) is not { } seat)
        {
            return DomainError.Conflict("no-such-seat", "The group has no open seat with this id.");
        }

        if (seat.Role == Seats.Chair)
        {
            return DomainError.Conflict("chair-follows-owner", "The chair is the owner's seat: change the owner to move it.");
        }

        return EndSeat(new ProcessSteps(process, next), seat, next.Change.ValidFrom, next.Change.Reason, names);
    }

    public static SeatReference Reference(Seat seat, ProcessNames names) => new(seat.SeatId, seat.Kind, seat.Role, seat.DirectorPostId,
        seat.DirectorPostId is { } post ? names.Director(post).Title : null, seat.UnitId, seat.UnitId is { } unit ? names.Unit(unit) : null,
        seat.Organisationsnummer, seat.RepresentativeName);

    internal static ProcessSteps AddSeat(ProcessSteps steps, Seat seat, ProcessNames names, DateOnly on)
    {
        var process = steps.State;
        return steps.Add("seat-added", process with { Group = [.. process.Group, seat] },
            v => new ManagementGroupSeatAdded(steps.First.NewId(), steps.First.At, process.Id, v, process.Name, Reference(seat, names), on));
    }

    internal static ProcessSteps EndSeat(ProcessSteps steps, Seat seat, DateOnly on, string? reason, ProcessNames names)
    {
        var process = steps.State;
        var to = Later(on, seat.From);
        return steps.Add("seat-ended", process with { Group = [.. process.Group.Select(s => s.SeatId == seat.SeatId ? s with { To = to } : s)] },
            v => new ManagementGroupSeatEnded(steps.First.NewId(), steps.First.At, process.Id, v, process.Name, Reference(seat, names), to, reason));
    }

    private static bool Holds(Engagement a, DateOnly on) => ProcessState.Holds(a.From, a.To, on);
}
