using Nacka.Contracts.Units;
using Nacka.Units.Data;
using Nacka.Units.Domain;
using Nacka.Units.Managers;

namespace Nacka.Units.Queries;

/// <summary>The director a unit's manager reports to, with the holder on the date read.</summary>
public sealed record ReportsToDto(Guid DirectorPostId, string? Title, string? HolderName);

/// <summary>A unit (enhet) as it stood on <see cref="AsOf"/>, with its manager that day (null when it has none).</summary>
public sealed record UnitDto(
    Guid Id, int Version, string Name, string? EnglishName, string? ShortName, string Kind, string ManagerTitle, string Status,
    ReportsToDto ReportsTo, ManagerDto? Manager, DateOnly EstablishedOn, DateOnly? DissolvedOn, IReadOnlyList<UnitIdentifier> Identifiers,
    Address? VisitingAddress, Contact? Contact, IReadOnlyList<Guid> PredecessorIds, IReadOnlyList<Guid> SuccessorIds,
    DateOnly ValidFrom, DateOnly AsOf)
{
    /// <param name="record">The unit's version on <paramref name="asOf"/>.</param>
    /// <param name="directors">The director posts, for the reporting line.</param>
    /// <param name="managers">The mandates holding on <paramref name="asOf"/>, by unit (from the Mandates events).</param>
    /// <param name="asOf">The date read.</param>
    public static UnitDto From(UnitRecord record, IReadOnlyDictionary<Guid, DirectorPostState> directors,
        IReadOnlyDictionary<Guid, UnitManager> managers, DateOnly asOf)
    {
        var state = record.ToState();
        directors.TryGetValue(state.DirectorPostId, out var director);
        return new UnitDto(state.Id, record.Version, state.Name, state.EnglishName, state.ShortName, state.Kind, state.ManagerTitle.ToString(),
            state.StatusOn(asOf).ToString().ToLowerInvariant(),
            new ReportsToDto(state.DirectorPostId, director?.Title, director?.HolderOn(asOf)?.Name),
            ManagerDto.From(managers.GetValueOrDefault(state.Id)),
            state.EstablishedOn, state.DissolvedOn, state.Identifiers, state.VisitingAddress, state.Contact, state.PredecessorIds, state.SuccessorIds,
            record.ValidFrom, asOf);
    }
}

/// <summary>What a unit's history shows of each version.</summary>
public sealed record UnitSnapshot(string Name, string Kind, Guid DirectorPostId, DateOnly? DissolvedOn);
