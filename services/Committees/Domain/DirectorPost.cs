namespace Nacka.Committees.Domain;

/// <summary>What Committees knows of a director post (from the Units events): enough to check links and name them.</summary>
public sealed record DirectorPost(Guid Id, string Title, DateOnly CreatedOn, string? HolderName);

/// <summary>What Committees knows of a unit (from the Units events).</summary>
public sealed record UnitFacts(Guid Id, string Name, DateOnly EstablishedOn, DateOnly? DissolvedOn)
{
    public bool IsActiveOn(DateOnly date) => EstablishedOn <= date && (DissolvedOn is null || date < DissolvedOn);
}
