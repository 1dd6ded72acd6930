namespace Nacka.Units.Domain;

/// <summary>
/// The unit's lifecycle as pure functions: each takes the current state (and what it needs of
/// directors), and returns the next state or the rules broken. No I/O; uniqueness against other
/// units is checked by the caller, which has the database.
/// </summary>
public static class UnitRules
{
    public static Outcome<UnitState> Establish(Guid id, string? name, UnitDetails details, DirectorPostState? director, Guid directorPostId, DateOnly establishedOn, IReadOnlyList<Guid>? predecessorIds = null)
    {
        if (UnitDetailsRules.CheckName(name) is { } nameError)
        {
            return nameError;
        }

        if (CheckReportingLine(director, directorPostId, establishedOn) is { } lineError)
        {
            return lineError;
        }

        return Outcome<UnitState>.Success(new UnitState(id, name!.Trim(), details.EnglishName, details.ShortName, details.Kind, details.ManagerTitle,
            directorPostId, establishedOn, null, details.Identifiers, details.VisitingAddress, details.Contact, predecessorIds ?? [], []));
    }

    public static Outcome<UnitState> ChangeDetails(UnitState unit, UnitDetails details, ChangeInfo change, DateOnly latestValidFrom) =>
        CheckChangeable(unit, change, latestValidFrom, requireWhy: false) is { } error
            ? error
            : Outcome<UnitState>.Success(unit with
            {
                EnglishName = details.EnglishName,
                ShortName = details.ShortName,
                Kind = details.Kind,
                ManagerTitle = details.ManagerTitle,
                Identifiers = details.Identifiers,
                VisitingAddress = details.VisitingAddress,
                Contact = details.Contact,
            });

    public static Outcome<UnitState> Rename(UnitState unit, string? newName, ChangeInfo change, DateOnly latestValidFrom)
    {
        if ((CheckChangeable(unit, change, latestValidFrom, requireWhy: true) ?? UnitDetailsRules.CheckName(newName)) is { } error)
        {
            return error;
        }

        return string.Equals(unit.Name, newName!.Trim(), StringComparison.Ordinal)
            ? DomainError.Conflict("unchanged", $"The unit is already named '{unit.Name}'.")
            : Outcome<UnitState>.Success(unit with { Name = newName.Trim() });
    }

    public static Outcome<UnitState> ChangeReportingLine(UnitState unit, DirectorPostState? director, Guid directorPostId, ChangeInfo change, DateOnly latestValidFrom)
    {
        if ((CheckChangeable(unit, change, latestValidFrom, requireWhy: true) ?? CheckReportingLine(director, directorPostId, change.ValidFrom)) is { } error)
        {
            return error;
        }

        return unit.DirectorPostId == directorPostId
            ? DomainError.Conflict("unchanged", "The unit already reports to that director.")
            : Outcome<UnitState>.Success(unit with { DirectorPostId = directorPostId });
    }

    public static Outcome<UnitState> Dissolve(UnitState unit, ChangeInfo change, DateOnly latestValidFrom, IReadOnlyList<Guid>? successorIds = null)
    {
        if (CheckChangeable(unit, change, latestValidFrom, requireWhy: true) is { } error)
        {
            return error;
        }

        return change.ValidFrom <= unit.EstablishedOn
            ? DomainError.Invalid("dissolvedOn", $"A unit is dissolved after it was established ({unit.EstablishedOn:yyyy-MM-dd}).")
            : Outcome<UnitState>.Success(unit with { DissolvedOn = change.ValidFrom, SuccessorIds = [.. unit.SuccessorIds, .. successorIds ?? []] });
    }

    /// <summary>The surviving unit of a merge records its predecessors; each source is dissolved with <see cref="Dissolve"/>.</summary>
    public static Outcome<UnitState> AbsorbMerged(UnitState target, IReadOnlyList<UnitState> sources, ChangeInfo change, DateOnly latestValidFrom)
    {
        if (CheckChangeable(target, change, latestValidFrom, requireWhy: true) is { } error)
        {
            return error;
        }

        if (sources.Count == 0)
        {
            return DomainError.Invalid("sourceUnitIds", "Name at least one unit to merge into this one.");
        }

        if (sources.Any(s => s.Id == target.Id))
        {
            return DomainError.Invalid("sourceUnitIds", "A unit cannot be merged into itself.");
        }

        if (sources.Select(s => s.Id).Distinct().Count() != sources.Count)
        {
            return DomainError.Invalid("sourceUnitIds", "Each unit may be named once.");
        }

        return Outcome<UnitState>.Success(target with { PredecessorIds = [.. target.PredecessorIds, .. sources.Select(s => s.Id)] });
    }

    /// <summary>Every unit's manager reports to exactly one director, whose post is open and held on that date.</summary>
    public static DomainError? CheckReportingLine(DirectorPostState? director, Guid directorPostId, DateOnly on)
    {
        if (director is null)
        {
            return DomainError.Invalid("directorPostId", $"No director post with id {directorPostId}.");
        }

        if (!director.IsOpenOn(on))
        {
            return DomainError.Conflict("director-post-closed", $"The post '{director.Title}' does not exist on {on:yyyy-MM-dd}.");
        }

        return director.HolderOn(on) is null
            ? DomainError.Conflict("director-post-vacant", $"The post '{director.Title}' is vacant on {on:yyyy-MM-dd}: appoint a director first.")
            : null;
    }

    /// <summary>
    /// A dissolved unit can only be read; a change holds from a date no earlier than the unit's
    /// latest change (history is appended, never rewritten); and a change says why.
    /// </summary>
    public static DomainError? CheckChangeable(UnitState unit, ChangeInfo change, DateOnly latestValidFrom, bool requireWhy)
    {
        if (unit.IsDissolutionRecorded)
        {
            return DomainError.Conflict("unit-dissolved", $"'{unit.Name}' is dissolved (from {unit.DissolvedOn:yyyy-MM-dd}); it can only be read.");
        }

        if (change.ValidFrom < latestValidFrom)
        {
            return DomainError.Invalid("validFrom", $"Must not be before the unit's latest change ({latestValidFrom:yyyy-MM-dd}).");
        }

        return requireWhy && string.IsNullOrWhiteSpace(change.Reason) && change.Decision is null
            ? DomainError.Invalid("reason", "Say why: a reason or a decision reference.")
            : null;
    }
}
