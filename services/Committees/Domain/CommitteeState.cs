using Nacka.Contracts.Committees;

namespace Nacka.Committees.Domain;

/// <summary>A director post linking a committee to the units, for a period (<see cref="To"/> exclusive).</summary>
public sealed record LinkPeriod(Guid DirectorPostId, DateOnly From, DateOnly? To)
{
    public bool HoldsOn(DateOnly date) => From <= date && (To is null || date < To);
}

/// <summary>A committee (nämnd) or kommunstyrelsen, with its link directors over time.</summary>
public sealed record CommitteeState(Guid Id, string Name, CommitteeKind Kind, string? Area, IReadOnlyList<LinkPeriod> Links, DateOnly EstablishedOn,
    DateOnly? DissolvedOn)
{
    public bool IsActiveOn(DateOnly date) => EstablishedOn <= date && (DissolvedOn is null || date < DissolvedOn);

    public bool IsDissolutionRecorded => DissolvedOn is not null;

    public IEnumerable<LinkPeriod> LinksOn(DateOnly date) => Links.Where(l => l.HoldsOn(date));

    public bool IsLinkedOn(Guid directorPostId, DateOnly date) => LinksOn(date).Any(l => l.DirectorPostId == directorPostId);

    public string StatusOn(DateOnly date) => date < EstablishedOn ? "planned" : IsActiveOn(date) ? "active" : "dissolved";
}
