using Nacka.Contracts;
using Nacka.Contracts.Units;
using Nacka.Rules;

namespace Nacka.Units.Domain;

/// <summary>
/// A new unit as asked for: its name and details, the director post its manager reports to, its
/// start, the day its reporting line is checked (today, or its start if later) and, for a split's
/// successor, the unit it comes from.
/// </summary>
public sealed record UnitDraft(string? Name, UnitDetails Details, Guid DirectorPostId, DateOnly EstablishedOn, DateOnly CheckOn,
    IReadOnlyList<Guid>? PredecessorIds);

/// <summary>
/// The unit's lifecycle as pure functions: each takes the current state (and what it needs of
/// directors) and returns the next state with the events that announce it, or the rules broken.
/// No I/O; uniqueness against other units is the database's (unique indexes).
/// </summary>
public static class UnitRules
{
    /// <summary>A new unit, version 1, as the registrar described it; <paramref name="director"/> is its post as known on
    /// <see cref="UnitDraft.CheckOn"/>.</summary>
    public static Outcome<Changed<UnitState>> Establish(Guid id, UnitDraft draft, DirectorPostState? director, Revising first)
    {
        var (name, details, directorPostId, establishedOn, checkOn, predecessorIds) = draft;
        if ((UnitDetailsRules.CheckName(name) ?? CheckReportingLine(director, directorPostId, checkOn)) is { } error)
        {
            return error;
        }

        var unit = new UnitState(id, Names.Normalise(name!), details.EnglishName, details.ShortName, details.Kind, details.ManagerTitle,
            directorPostId, establishedOn, null, details.Identifiers, details.VisitingAddress, details.Contact, predecessorIds ?? [], []);
        return Announce(unit, "established", new UnitEstablished(first.NewId(), first.At, id, 1, unit.Name, unit.EnglishName, unit.ShortName, unit.Kind,
            unit.ManagerTitle, director!.ReferenceOn(checkOn), unit.EstablishedOn, unit.Identifiers, unit.PredecessorIds));
    }

    public static Outcome<Changed<UnitState>> ChangeDetails(UnitState unit, UnitDetails details, Revising next)
    {
        if (CheckChangeable(unit, next, requireWhy: false) is { } error)
        {
            return error;
        }

        var changed = unit with
        {
            EnglishName = details.EnglishName,
            ShortName = details.ShortName,
            Kind = details.Kind,
            ManagerTitle = details.ManagerTitle,
            Identifiers = details.Identifiers,
            VisitingAddress = details.VisitingAddress,
            Contact = details.Contact,
        };
        return Announce(changed, "details-changed", new UnitDetailsChanged(next.NewId(), next.At, unit.Id, next.Version,
            changed.Name, changed.EnglishName, changed.ShortName, changed.Kind, changed.ManagerTitle, changed.Identifiers, next.Change.ValidFrom));
    }

    public static Outcome<Changed<UnitState>> Rename(UnitState unit, string? newName, Revising next)
    {
        if ((CheckChangeable(unit, next, requireWhy: true) ?? UnitDetailsRules.CheckName(newName)) is { } error)
        {
            return error;
        }

        if (string.Equals(unit.Name, Names.Normalise(newName!), StringComparison.Ordinal))
        {
            return DomainError.Conflict("unchanged", $"The unit is already named '{unit.Name}'.");
        }

        var renamed = unit with { Name = Names.Normalise(newName!) };
        return Announce(renamed, "renamed", new UnitRenamed(next.NewId(), next.At, unit.Id, next.Version, unit.Name, renamed.Name, next.Change.ValidFrom));
    }

    /// <summary>The unit's manager reports to another director from the change's date.</summary>
    public static Outcome<Changed<UnitState>> ChangeReportingLine(UnitState unit, DirectorPostState? previous, DirectorPostState? director,
        Guid directorPostId, Revising next)
    {
        var on = next.Change.ValidFrom;
        if ((CheckChangeable(unit, next, requireWhy: true) ?? CheckReportingLine(director, directorPostId, on)) is { } error)
        {
            return error;
        }

        if (unit.DirectorPostId == directorPostId)
        {
            return DomainError.Conflict("unchanged", "The unit already reports to that director.");
        }

        var moved = unit with { DirectorPostId = directorPostId };
        return Announce(moved, "reporting-line-changed", new UnitReportingLineChanged(next.NewId(), next.At, unit.Id, next.Version, unit.Name,
            previous?.ReferenceOn(on) ?? new DirectorReference(unit.DirectorPostId, "", null), director!.ReferenceOn(on), on));
    }

    public static Outcome<Changed<UnitState>> Dissolve(UnitState unit, Revising next, IReadOnlyList<Guid>? successorIds = null, string? defaultReason = null)
    {
        if (CheckChangeable(unit, next, requireWhy: true) is { } error)
        {
            return error;
        }

        if (next.Change.ValidFrom <= unit.EstablishedOn)
        {
            return DomainError.Invalid("dissolvedOn", $"A unit is dissolved after it was established ({unit.EstablishedOn:yyyy-MM-dd}).");
        }

        var dissolved = unit with { DissolvedOn = next.Change.ValidFrom, SuccessorIds = [.. unit.SuccessorIds, .. successorIds ?? []] };
        return Announce(dissolved, "dissolved", new UnitDissolved(next.NewId(), next.At, unit.Id, next.Version, unit.Name, next.Change.ValidFrom,
            dissolved.SuccessorIds, next.Change.Reason ?? defaultReason));
    }

    /// <summary>The surviving unit of a merge records its predecessors; each source is dissolved with <see cref="Dissolve"/>.</summary>
    public static Outcome<Changed<UnitState>> AbsorbMerged(UnitState target, IReadOnlyList<UnitState> sources, Revising next)
    {
        if (CheckChangeable(target, next, requireWhy: true) is { } error)
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

        var merged = target with { PredecessorIds = [.. target.PredecessorIds, .. sources.Select(s => s.Id)] };
        return Announce(merged, "merged", new UnitsMerged(next.NewId(), next.At, target.Id, next.Version, target.Name,
            [.. sources.Select(s => s.Reference)], next.Change.ValidFrom));
    }

    /// <summary>
    /// A split in two steps of the unit's history: the split naming its successors (already
    /// established, each with this unit as predecessor), then its dissolution with them as successors.
    /// </summary>
    public static Outcome<(Changed<UnitState> Split, Changed<UnitState> Dissolved)> Split(UnitState unit, IReadOnlyList<UnitState> successors, Revising next)
    {
        if (CheckChangeable(unit, next, requireWhy: true) is { } error)
        {
            return error;
        }

        if (successors.Count < 2)
        {
            return DomainError.Invalid("successors", "A split creates at least two units.");
        }

        var split = unit with { SuccessorIds = [.. unit.SuccessorIds, .. successors.Select(s => s.Id)] };
        var announced = new Changed<UnitState>(split, "split",
            [new UnitSplit(next.NewId(), next.At, unit.Id, next.Version, unit.Name, [.. successors.Select(s => s.Reference)], next.Change.ValidFrom)]);
        var dissolving = next.Next();
        var dissolved = split with { DissolvedOn = next.Change.ValidFrom };
        var ended = new Changed<UnitState>(dissolved, "dissolved",
            [new UnitDissolved(next.NewId(), next.At, unit.Id, dissolving.Version, unit.Name, next.Change.ValidFrom, dissolved.SuccessorIds,
                next.Change.Reason ?? "Split")]);
        return (announced, ended);
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
    /// A unit dissolved by the change's date can only be read (a dissolution scheduled later does
    /// not stop a change dated before it); and a change says why.
    /// </summary>
    public static DomainError? CheckChangeable(UnitState unit, Revising next, bool requireWhy)
    {
        if (unit.IsDissolutionRecorded)
        {
            return DomainError.Conflict("unit-dissolved", $"'{unit.Name}' is dissolved (from {unit.DissolvedOn:yyyy-MM-dd}); it can only be read.");
        }

        return requireWhy && !next.Change.SaysWhy ? DomainError.Invalid("reason", "Say why: a reason or a decision reference.") : null;
    }

    private static Changed<UnitState> Announce(UnitState state, string change, IIntegrationEvent announcement) => new(state, change, [announcement]);
}
