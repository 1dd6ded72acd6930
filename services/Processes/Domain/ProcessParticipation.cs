using Nacka.Contracts.Processes;
using Nacka.Rules;
using Nacka.Rules.Identifiers;
using static Nacka.Processes.Domain.ProcessLife;

namespace Nacka.Processes.Domain;

/// <summary>Who takes part in a process: units (with their role) and external actors, from a date until a date.</summary>
public static class ProcessParticipation
{
    public static Outcome<ProcessSteps> JoinUnit(ProcessState process, UnitFacts? unit, Guid? unitId, string? role, Revising next)
    {
        var on = next.Change.ValidFrom;
        var errors = new[] { CheckChangeable(process, next), CheckRole(role) }.OfType<DomainError>().ToList();
        if (unit is null)
        {
            errors.Add(DomainError.Invalid("unitId", unitId is null ? "Give the unit."
                : "No unit with this id is known (units reach Processes through their events within seconds)."));
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

        var participation = new Participation(unit.Id, role!.Trim(), on, null);
        var joined = process with { Units = [.. process.Units, participation] };
        var steps = new ProcessSteps(process, next).Add("unit-joined", joined, v =>
            new UnitJoinedProcess(next.NewId(), next.At, process.Id, v, process.Name, unit.Id,
            unit.Name, role.Trim(), on));
        if (unit.DissolvedOn is not { } dissolvedOn)
        {
            return steps;
        }

        // The unit's dissolution is already recorded: its part ends then, as the dissolution would have ended it had it come later.
        var left = joined with { Units = [.. joined.Units.Select(u => u == participation ? u with { To = dissolvedOn } : u)] };
        return steps.Add("unit-left", left, v => new UnitLeftProcess(next.NewId(), next.At, process.Id, v, process.Name, unit.Id, unit.Name, dissolvedOn,
            SeatEndReasons.UnitDissolved));
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
        // A dissolution also ends a part whose own end is recorded for later: the earlier end wins.
        if (process.Units.LastOrDefault(u => u.UnitId == unitId && (u.To is null || (unitDissolved && u.To > Later(on, u.From)))) is { } participation)
        {
            var left = process with { Units = [.. process.Units.Select(u => u == participation ? u with { To = Later(on, u.From) } : u)] };
            steps.Add("unit-left", left, v => new UnitLeftProcess(next.NewId(), next.At, process.Id, v, process.Name, unitId, names.Unit(unitId),
                Later(on, participation.From),
                unitDissolved ? SeatEndReasons.UnitDissolved : next.Change.Reason));
        }
        else if (!unitDissolved)
        {
            return DomainError.Conflict("not-participating", "The unit does not take part in the process.");
        }

        if (unitDissolved)
        {
            foreach (var seat in steps.State.Group.Where(s => (s.To is null || s.To > Later(on, s.From)) && s.Kind == Seats.UnitManager
                && s.UnitId == unitId).ToList())
            {
                ManagementGroup.EndSeat(steps, seat, on, SeatEndReasons.UnitDissolved, names);
            }
        }

        return steps;
    }

    public static Outcome<ProcessSteps> EngageActor(ProcessState process, string? organisationsnummer, string? name, string? delivers,
        string? contractReference, Revising next)
    {
        var (orgnr, orgnrError) = Identifiers.CheckOrganisationsnummer(organisationsnummer);
        var errors = new[] { CheckChangeable(process, next), orgnrError is null ? null : DomainError.Invalid("organisationsnummer", orgnrError),
            string.IsNullOrWhiteSpace(name) || name.Trim().Length > ProcessLimits.MaxNameLength
                ? DomainError.Invalid("name", $"The actor's name is required (at most {ProcessLimits.MaxNameLength} characters).") : null,
            CheckText("delivers", delivers),
            contractReference is { Length: > ProcessLimits.MaxReferenceLength }
                ? DomainError.Invalid("contractReference", $"At most {ProcessLimits.MaxReferenceLength} characters.") : null }
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
        return new ProcessSteps(process, next).Add("actor-engaged", process with { Actors = [.. process.Actors, engagement] }, v =>
            new ExternalActorEngaged(next.NewId(),
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
        steps.Add("actor-disengaged", process with { Actors = [.. process.Actors.Select(a => a == engagement ? a with { To = on } : a)] }, v =>
            new ExternalActorDisengaged(
            next.NewId(), next.At, process.Id, v, process.Name, engagement.Organisationsnummer, engagement.Name, on));
        foreach (var seat in steps.State.Group.Where(s => s.To is null && s.Kind == Seats.External
            && s.Organisationsnummer == engagement.Organisationsnummer).ToList())
        {
            ManagementGroup.EndSeat(steps, seat, on, SeatEndReasons.ActorDisengaged, names);
        }

        return steps;
    }

    private static DomainError? CheckRole(string? role) =>
        string.IsNullOrWhiteSpace(role) || role.Trim().Length > ProcessLimits.MaxNameLength
            ? DomainError.Invalid("role",
                $"Say what the unit does in the process, e.g. \"utför grundskoleutbildning\" (at most {ProcessLimits.MaxNameLength} characters).")
            : null;

}
