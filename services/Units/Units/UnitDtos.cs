using Nacka.Contracts.Units;
using Nacka.Units.Api;
using Nacka.Units.Data;
using Nacka.Units.Domain;

namespace Nacka.Units.Units;

/// <summary>The director a unit's manager reports to, with the holder on the date read.</summary>
public sealed record ReportsToDto(Guid DirectorPostId, string? Title, string? HolderName);

/// <summary>A unit (enhet) as it stood on <see cref="AsOf"/>.</summary>
public sealed record UnitDto(
    Guid Id, int Version, string Name, string? EnglishName, string? ShortName, string Kind, string ManagerTitle, string Status,
    ReportsToDto ReportsTo, DateOnly EstablishedOn, DateOnly? DissolvedOn, IReadOnlyList<UnitIdentifier> Identifiers,
    Address? VisitingAddress, Contact? Contact, IReadOnlyList<Guid> PredecessorIds, IReadOnlyList<Guid> SuccessorIds,
    DateOnly ValidFrom, DateOnly AsOf)
{
    public static UnitDto From(UnitRevision revision, IReadOnlyDictionary<Guid, DirectorPostState> directors, DateOnly asOf)
    {
        var state = revision.ToState();
        directors.TryGetValue(state.DirectorPostId, out var director);
        return new UnitDto(state.Id, revision.Version, state.Name, state.EnglishName, state.ShortName, state.Kind, state.ManagerTitle.ToString(),
            state.StatusOn(asOf).ToString().ToLowerInvariant(),
            new ReportsToDto(state.DirectorPostId, director?.Title, director?.HolderOn(asOf)?.Name),
            state.EstablishedOn, state.DissolvedOn, state.Identifiers, state.VisitingAddress, state.Contact, state.PredecessorIds, state.SuccessorIds,
            revision.ValidFrom, asOf);
    }
}

public sealed record IdentifierDto(string? Scheme, string? Value);

/// <summary>Registers a unit.</summary>
/// <param name="Name">Swedish name, unique among units that are not dissolved.</param>
/// <param name="EnglishName">English name.</param>
/// <param name="ShortName">Short name.</param>
/// <param name="Kind">Kind code (GET /api/units/kinds), e.g. forskola.</param>
/// <param name="ManagerTitle">Enhetschef, Rektor or Verksamhetschef.</param>
/// <param name="DirectorPostId">The director the unit's manager reports to (post must be held).</param>
/// <param name="EstablishedOn">When the unit starts; default today. A future date makes it planned.</param>
/// <param name="Identifiers">External identifiers: organisationsnummer, skolenhetskod, hsa-id or other schemes.</param>
/// <param name="VisitingAddress">Visiting address.</param>
/// <param name="Contact">Phone, e-mail, web.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Decision">The decision establishing it, if any.</param>
public sealed record CreateUnitRequest(
    string? Name, string? EnglishName, string? ShortName, string? Kind, string? ManagerTitle, Guid? DirectorPostId, DateOnly? EstablishedOn,
    IReadOnlyList<IdentifierDto>? Identifiers, Address? VisitingAddress, Contact? Contact, string? Reason, DecisionDto? Decision) : IChangeRequest
{
    public UnitDetailsInput Details => new(EnglishName, ShortName, Kind, ManagerTitle, Identifiers?.Select(i => (i.Scheme, i.Value)).ToList(), VisitingAddress, Contact);
}

/// <summary>Replaces a unit's details (not its name or reporting line, which have their own operations).</summary>
public sealed record UpdateUnitDetailsRequest(
    string? EnglishName, string? ShortName, string? Kind, string? ManagerTitle, IReadOnlyList<IdentifierDto>? Identifiers,
    Address? VisitingAddress, Contact? Contact, DateOnly? ValidFrom, string? Reason, DecisionDto? Decision) : IChangeRequest
{
    public UnitDetailsInput Details => new(EnglishName, ShortName, Kind, ManagerTitle, Identifiers?.Select(i => (i.Scheme, i.Value)).ToList(), VisitingAddress, Contact);
}

public sealed record RenameUnitRequest(string? Name, DateOnly? ValidFrom, string? Reason, DecisionDto? Decision) : IChangeRequest;

public sealed record ChangeReportingLineRequest(Guid? DirectorPostId, DateOnly? ValidFrom, string? Reason, DecisionDto? Decision) : IChangeRequest;

public sealed record DissolveUnitRequest(DateOnly? DissolvedOn, string? Reason, DecisionDto? Decision) : IChangeRequest;

/// <summary>Merges other units into this one; they are dissolved with this unit as successor.</summary>
public sealed record MergeUnitsRequest(IReadOnlyList<Guid>? SourceUnitIds, DateOnly? ValidFrom, string? Reason, DecisionDto? Decision) : IChangeRequest;

/// <summary>Splits this unit into new units (established on <c>validFrom</c>); this unit is dissolved.</summary>
public sealed record SplitUnitRequest(IReadOnlyList<CreateUnitRequest>? Successors, DateOnly? ValidFrom, string? Reason, DecisionDto? Decision) : IChangeRequest;

public sealed record UnitHistoryEntry(
    int Version, string Change, DateOnly ValidFrom, DateTimeOffset RecordedAt, string? RecordedBy, string? Reason, DecisionDto? Decision,
    string Name, string Kind, Guid DirectorPostId, DateOnly? DissolvedOn);

public sealed record UnitKindDto(string Code, string Name);
