using Nacka.Contracts;
using Nacka.Contracts.Processes;
using Nacka.Contracts.Units;
using Nacka.Rules.Identifiers;
using Nacka.Rules;

namespace Nacka.Processes.Domain;

/// <summary>The names events carry: director posts (title, holder on the change's date) and units, as known.</summary>
public sealed record ProcessNames(IReadOnlyDictionary<Guid, DirectorFacts> Directors, IReadOnlyDictionary<Guid, string> Units)
{
    public DirectorReference Director(Guid id) => Directors.TryGetValue(id, out var d) ? new(id, d.Title, d.HolderOn) : new(id, "", null);

    public string Unit(Guid id) => Units.GetValueOrDefault(id, "");
}

/// <summary>
/// One change of a process as the revisions and events it makes: one step per event, each its own
/// version (a subscriber orders by version and spots gaps), all recorded together.
/// </summary>
public sealed class ProcessSteps(ProcessState start, Revising first)
{
    private readonly List<Changed<ProcessState>> _steps = [];

    public ProcessState State { get; private set; } = start;

    public IReadOnlyList<Changed<ProcessState>> Steps => _steps;

    public Revising First => first;

    public int NextVersion => first.Version + _steps.Count;

    public ProcessSteps Add(string change, ProcessState next, Func<int, IIntegrationEvent> announce)
    {
        _steps.Add(new Changed<ProcessState>(next, change, [announce(NextVersion)]));
        State = next;
        return this;
    }
}

/// <summary>A process's life as pure functions over its state, returning the steps (state + event) it takes.</summary>
public static class ProcessRules
{
    public const string OwnerChanged = "owner-changed";
    public const string UnitDissolved = "unit-dissolved";
    public const string ActorDisengaged = "actor-disengaged";

    public static Outcome<ProcessSteps> Establish(Guid id, string? name, string? kind, string? purpose, string? delivers, Guid? ownerPostId, ProcessNames names,
        DateOnly establishedOn, Revising first)
    {
        var parsedKind = ParseKind(kind);
        var errors = new[] { CheckName(name), CheckText("purpose", purpose), CheckText("delivers", delivers), parsedKind.Succeeded ? null : parsedKind.Errors[0] }
            .OfType<DomainError>().ToList();
        if (ownerPostId is null)
        {
            errors.Add(DomainError.Invalid("ownerDirectorPostId", "Every process is owned by a director: give the owner's director post."));
        }

        if (errors.Count > 0)
        {
            return Outcome<ProcessSteps>.Failure(errors);
        }

        if (CheckOwner(ownerPostId!.Value, names, establishedOn) is { } ownerError)
        {
            return ownerError;
        }

        var chair = new Seat(first.NewId(), Seats.Director, Seats.Chair, ownerPostId, null, null, null, establishedOn, null);
        var process = new ProcessState(id, name!.Trim(), parsedKind.Value, Blank(purpose), Blank(delivers), [new OwnerPeriod(ownerPostId.Value, establishedOn, null)],
            establishedOn, null, [], [], []);
        var steps = new ProcessSteps(process, first);
        steps.Add("established", process, v => new ProcessEstablished(first.NewId(), first.At, id, v, process.Name, process.Kind, process.Purpose, process.Delivers,
            names.Director(ownerPostId.Value), establishedOn));
        return AddSeat(steps, chair, names, establishedOn);
    }

    public static Outcome<ProcessSteps> ChangeDetails(ProcessState process, string? name, string? kind, string? purpose, string? delivers, Revising next)
    {
        var parsedKind = kind is null ? process.Kind : ParseKind(kind);
        var errors = new[] { CheckChangeable(process, next), CheckName(name), CheckText("purpose", purpose), CheckText("delivers", delivers),
            parsedKind.Succeeded ? null : parsedKind.Errors[0] }.OfType<DomainError>().ToList();
        if (errors.Count > 0)
        {
            return Outcome<ProcessSteps>.Failure(errors);
        }

        var changed = process with { Name = name!.Trim(), Kind = parsedKind.Value, Purpose = Blank(purpose), Delivers = Blank(delivers) };
        if (changed == process)
        {
            return DomainError.Conflict("unchanged", "The process already has these details.");
        }

        return new ProcessSteps(process, next).Add("details-changed", changed, v => new ProcessDetailsChanged(next.NewId(), next.At, process.Id, v, changed.Name,
            process.Name, changed.Kind, changed.Purpose, changed.Delivers, next.Change.ValidFrom));
    }

    /// <summary>Another director owns the process from the change's date; the chair seat moves to them (a member seat they had becomes the chair).</summary>
    public static Outcome<ProcessSteps> ChangeOwner(ProcessState process, Guid? ownerPostId, ProcessNames names, Revising next)
    {
        var on = next.Change.ValidFrom;
        if (CheckChangeable(process, next) is { } error)
        {
            return error;
        }

        if (ownerPostId is not { } postId)
        {
            return DomainError.Invalid("directorPostId", "Give the new owner's director post.");
        }

        if (CheckOwner(postId, names, on) is { } ownerError)
        {
            return ownerError;
        }

        var previous = process.CurrentOwner;
        if (previous.DirectorPostId == postId)
        {
            return DomainError.Conflict("unchanged", "That director already owns the process.");
        }

        var steps = new ProcessSteps(process, next);
        var owners = process.Owners.Take(process.Owners.Count - 1).Append(previous with { To = on }).Append(new OwnerPeriod(postId, on, null)).ToList();
        steps.Add("owner-changed", process with { Owners = owners }, v => new ProcessOwnerChanged(next.NewId(), next.At, process.Id, v, process.Name,
            names.Director(previous.DirectorPostId), names.Director(postId), on));
        foreach (var seat in steps.State.Group.Where(s => s.To is null && (s.Role == Seats.Chair || (s.Kind == Seats.Director && s.DirectorPostId == postId))).ToList())
        {
            EndSeat(steps, seat, on, OwnerChanged, names);
        }

        return AddSeat(steps, new Seat(next.NewId(), Seats.Director, Seats.Chair, postId, null, null, null, on, null), names, on);
    }

    /// <summary>The process ends; everything in it ends with it (announced by ProcessEnded alone).</summary>
    public static Outcome<ProcessSteps> End(ProcessState process, Revising next)
    {
        var on = next.Change.ValidFrom;
        var notWhy = next.Change.SaysWhy ? null : DomainError.Invalid("reason", "Say why: a reason or a decision reference.");
        if ((CheckChangeable(process, next) ?? notWhy) is { } error)
        {
            return error;
        }

        if (on <= process.EstablishedOn)
        {
            return DomainError.Invalid("endedOn", $"Must be after the process was established ({process.EstablishedOn:yyyy-MM-dd}).");
        }

        var ended = process with
        {
            EndedOn = on,
            Owners = [.. process.Owners.Select(o => o.To is null ? o with { To = on } : o)],
            Units = [.. process.Units.Select(u => u.To is null ? u with { To = on } : u)],
            Actors = [.. process.Actors.Select(a => a.To is null ? a with { To = on } : a)],
            Group = [.. process.Group.Select(s => s.To is null ? s with { To = on } : s)],
        };
        return new ProcessSteps(process, next).Add("ended", ended, v => new ProcessEnded(next.NewId(), next.At, process.Id, v, process.Name, on, next.Change.Reason));
    }

    public static Outcome<ProcessSteps> JoinUnit(ProcessState process, UnitFacts? unit, Guid? unitId, string? role, Revising next)
    {
        var on = next.Change.ValidFrom;
        var errors = new[] { CheckChangeable(process, next), CheckRole(role) }.OfType<DomainError>().ToList();
        if (unit is null)
        {
            errors.Add(DomainError.Invalid("unitId", unitId is null ? "Give the unit." : "No unit with this id is known (units reach Processes through their events within seconds)."));
        }

        if (errors.Count > 0)
        {
            return Outcome<ProcessSteps>.Failure(errors);
        }

        if (!unit!.IsActiveOn(on))
        {
            return DomainError.Conflict("unit-not-active", $"'{unit.Name}' is not active on {on:yyyy-MM-dd}.");
        }

        if (process.Units.Any(u => u.UnitId == unit.Id && u.To is null))
        {
            return DomainError.Conflict("already-participating", $"'{unit.Name}' already takes part in '{process.Name}'.");
        }

        var joined = process with { Units = [.. process.Units, new Participation(unit.Id, role!.Trim(), on, null)] };
        return new ProcessSteps(process, next).Add("unit-joined", joined, v => new UnitJoinedProcess(next.NewId(), next.At, process.Id, v, process.Name, unit.Id, unit.Name,
            role.Trim(), on));
    }

    /// <summary>The unit no longer takes part from the change's date; its manager's seat ends too when it is dissolved.</summary>
    public static Outcome<ProcessSteps> LeaveUnit(ProcessState process, Guid unitId, ProcessNames names, Revising next, bool unitDissolved = false)
    {
        if (CheckChangeable(process, next) is { } error)
        {
            return error;
        }

        var on = next.Change.ValidFrom;
        var steps = new ProcessSteps(process, next);
        if (process.Units.LastOrDefault(u => u.UnitId == unitId && u.To is null) is { } participation)
        {
            var left = process with { Units = [.. process.Units.Select(u => u == participation ? u with { To = Later(on, u.From) } : u)] };
            steps.Add("unit-left", left, v => new UnitLeftProcess(next.NewId(), next.At, process.Id, v, process.Name, unitId, names.Unit(unitId), Later(on, participation.From),
                unitDissolved ? UnitDissolved : next.Change.Reason));
        }
        else if (!unitDissolved)
        {
            return DomainError.Conflict("not-participating", "The unit does not take part in the process.");
        }

        if (unitDissolved)
        {
            foreach (var seat in steps.State.Group.Where(s => s.To is null && s.Kind == Seats.UnitManager && s.UnitId == unitId).ToList())
            {
                EndSeat(steps, seat, on, UnitDissolved, names);
            }
        }

        return steps;
    }

    public static Outcome<ProcessSteps> EngageActor(ProcessState process, string? organisationsnummer, string? name, string? delivers, string? contractReference, Revising next)
    {
        var (orgnr, orgnrError) = Identifiers.CheckOrganisationsnummer(organisationsnummer);
        var errors = new[] { CheckChangeable(process, next), orgnrError is null ? null : DomainError.Invalid("organisationsnummer", orgnrError),
            string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200 ? DomainError.Invalid("name", "The actor's name is required (at most 200 characters).") : null,
            CheckText("delivers", delivers), contractReference is { Length: > 100 } ? DomainError.Invalid("contractReference", "At most 100 characters.") : null }
            .OfType<DomainError>().ToList();
        if (errors.Count > 0)
        {
            return Outcome<ProcessSteps>.Failure(errors);
        }

        if (process.Actors.Any(a => a.Organisationsnummer == orgnr && a.To is null))
        {
            return DomainError.Conflict("already-engaged", $"{orgnr} already takes part in '{process.Name}'.");
        }

        var on = next.Change.ValidFrom;
        var engagement = new Engagement(orgnr!, name!.Trim(), Blank(delivers), Blank(contractReference), on, null);
        return new ProcessSteps(process, next).Add("actor-engaged", process with { Actors = [.. process.Actors, engagement] }, v => new ExternalActorEngaged(next.NewId(),
            next.At, process.Id, v, process.Name, engagement.Organisationsnummer, engagement.Name, engagement.Delivers, engagement.ContractReference, on));
    }

    /// <summary>The actor no longer takes part from the change's date; its representatives' seats end with it.</summary>
    public static Outcome<ProcessSteps> DisengageActor(ProcessState process, string organisationsnummer, ProcessNames names, Revising next)
    {
        if (CheckChangeable(process, next) is { } error)
        {
            return error;
        }

        var (orgnr, _) = Identifiers.CheckOrganisationsnummer(organisationsnummer);
        if (process.Actors.LastOrDefault(a => a.Organisationsnummer == orgnr && a.To is null) is not { } engagement)
        {
            return DomainError.Conflict("not-engaged", $"{organisationsnummer} does not take part in '{process.Name}'.");
        }

        var on = Later(next.Change.ValidFrom, engagement.From);
        var steps = new ProcessSteps(process, next);
        steps.Add("actor-disengaged", process with { Actors = [.. process.Actors.Select(a => a == engagement ? a with { To = on } : a)] }, v => new ExternalActorDisengaged(
            next.NewId(), next.At, process.Id, v, process.Name, engagement.Organisationsnummer, engagement.Name, on));
        foreach (var seat in steps.State.Group.Where(s => s.To is null && s.Kind == Seats.External && s.Organisationsnummer == engagement.Organisationsnummer).ToList())
        {
            EndSeat(steps, seat, on, ActorDisengaged, names);
        }

        return steps;
    }

    /// <summary>A member seat: a director post, a unit (whoever leads it), or a named representative of an engaged actor. No duplicate seat.</summary>
    public static Outcome<ProcessSteps> AddMemberSeat(ProcessState process, string? kind, Guid? directorPostId, UnitFacts? unit, Guid? unitId, string? organisationsnummer,
        string? representativeName, ProcessNames names, Revising next)
    {
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
                if (orgnrError is not null || string.IsNullOrWhiteSpace(representativeName) || representativeName.Trim().Length > 200)
                {
                    return Outcome<ProcessSteps>.Failure([.. new[] {
                        orgnrError is null ? null : DomainError.Invalid("organisationsnummer", orgnrError),
                        string.IsNullOrWhiteSpace(representativeName) || representativeName.Trim().Length > 200
                            ? DomainError.Invalid("representativeName", "The representative's name is required (at most 200 characters).") : null }.OfType<DomainError>()]);
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
            && s.Organisationsnummer == seat.Organisationsnummer && string.Equals(s.RepresentativeName, seat.RepresentativeName, StringComparison.OrdinalIgnoreCase)))
        {
            return DomainError.Conflict("duplicate-seat", "The group already has this seat.");
        }

        return AddSeat(new ProcessSteps(process, next), seat, names, on);
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

    public static DomainError? CheckChangeable(ProcessState process, Revising next)
    {
        if (process.IsEndRecorded)
        {
            return DomainError.Conflict("process-ended", $"'{process.Name}' ended on {process.EndedOn:yyyy-MM-dd}; it can only be read.");
        }

        return next.Change.ValidFrom < next.LatestValidFrom
            ? DomainError.Invalid("validFrom", $"Must not be before the process's latest change ({next.LatestValidFrom:yyyy-MM-dd}).")
            : null;
    }

    public static Outcome<ProcessKind> ParseKind(string? kind) =>
        Enum.TryParse<ProcessKind>(kind?.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(kind, out _)
            ? parsed
            : DomainError.Invalid("kind", "main (huvudprocess), steering (styrprocess) or support (stödprocess).");

    private static ProcessSteps AddSeat(ProcessSteps steps, Seat seat, ProcessNames names, DateOnly on)
    {
        var process = steps.State;
        return steps.Add("seat-added", process with { Group = [.. process.Group, seat] },
            v => new ManagementGroupSeatAdded(steps.First.NewId(), steps.First.At, process.Id, v, process.Name, Reference(seat, names), on));
    }

    private static ProcessSteps EndSeat(ProcessSteps steps, Seat seat, DateOnly on, string? reason, ProcessNames names)
    {
        var process = steps.State;
        var to = Later(on, seat.From);
        return steps.Add("seat-ended", process with { Group = [.. process.Group.Select(s => s.SeatId == seat.SeatId ? s with { To = to } : s)] },
            v => new ManagementGroupSeatEnded(steps.First.NewId(), steps.First.At, process.Id, v, process.Name, Reference(seat, names), to, reason));
    }

    private static DomainError? CheckOwner(Guid postId, ProcessNames names, DateOnly on)
    {
        if (!names.Directors.TryGetValue(postId, out var post))
        {
            return DomainError.Invalid("ownerDirectorPostId", $"No director post with id {postId} is known.");
        }

        return post.CreatedOn > on || post.HolderOn is null
            ? DomainError.Conflict("owner-not-held", $"The post '{post.Title}' is not held on {on:yyyy-MM-dd}: a process is owned by a director in post.")
            : null;
    }

    private static DomainError? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200 ? DomainError.Invalid("name", "A name of at most 200 characters is required, e.g. Utbildningsprocessen.") : null;

    private static DomainError? CheckRole(string? role) =>
        string.IsNullOrWhiteSpace(role) || role.Trim().Length > 200 ? DomainError.Invalid("role", "Say what the unit does in the process, e.g. \"utför grundskoleutbildning\" (at most 200 characters).") : null;

    private static DomainError? CheckText(string field, string? text) => text is { Length: > 2000 } ? DomainError.Invalid(field, "At most 2000 characters.") : null;

    private static bool Holds(Engagement a, DateOnly on) => ProcessState.Holds(a.From, a.To, on);

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
