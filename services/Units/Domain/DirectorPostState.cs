using Nacka.Contracts.Units;

namespace Nacka.Units.Domain;

/// <summary>A top-management post (direktör) and who held it over time.</summary>
public sealed record DirectorPostState(Guid Id, string Title, DateOnly CreatedOn, DateOnly? EndedOn, IReadOnlyList<DirectorHolding> Holders)
{
    public bool IsOpenOn(DateOnly date) => CreatedOn <= date && (EndedOn is null || date < EndedOn);

    public DirectorHolding? HolderOn(DateOnly date) => Holders.LastOrDefault(h => h.HoldsOn(date));

    public DirectorHolding? CurrentHolding => Holders.LastOrDefault(h => h.To is null);

    /// <summary>The post as events name it: title and the holder on <paramref name="on"/>.</summary>
    public DirectorReference ReferenceOn(DateOnly on) => new(Id, Title, HolderOn(on)?.Name);
}
