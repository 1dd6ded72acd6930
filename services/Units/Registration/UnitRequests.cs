using Nacka.Records.Changes;
using Nacka.Rules;
using Nacka.Units.Domain;

namespace Nacka.Units.Registration;

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
    IReadOnlyList<IdentifierDto>? Identifiers, Address? VisitingAddress, Contact? Contact, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest
{
    public UnitDetailsInput Details => new(EnglishName, ShortName, Kind, ManagerTitle, Identifiers?.Select(i => (i?.Scheme, i?.Value)).ToList(),
        VisitingAddress, Contact);
}

/// <summary>Replaces a unit's details (not its name or reporting line, which have their own operations).</summary>
public sealed record UpdateUnitDetailsRequest(
    string? EnglishName, string? ShortName, string? Kind, string? ManagerTitle, IReadOnlyList<IdentifierDto>? Identifiers,
    Address? VisitingAddress, Contact? Contact, DateOnly? ValidFrom, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest
{
    public UnitDetailsInput Details => new(EnglishName, ShortName, Kind, ManagerTitle, Identifiers?.Select(i => (i?.Scheme, i?.Value)).ToList(),
        VisitingAddress, Contact);
}

public sealed record RenameUnitRequest(string? Name, DateOnly? ValidFrom, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

public sealed record ChangeReportingLineRequest(Guid? DirectorPostId, DateOnly? ValidFrom, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;
