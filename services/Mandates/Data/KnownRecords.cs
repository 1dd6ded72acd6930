using Nacka.Contracts.Units;
using Nacka.Mandates.Domain;

namespace Nacka.Mandates.Data;

/// <summary>A unit as Mandates knows it from the Units events (read model).</summary>
public sealed class KnownUnit
{
    public Guid UnitId { get; set; }
    public string Name { get; set; } = "";
    public string ManagerTitle { get; set; } = "";
    public DateOnly EstablishedOn { get; set; }
    public DateOnly? DissolvedOn { get; set; }

    public UnitFacts ToFacts() => new(UnitId, Name, Enum.Parse<ManagerTitle>(ManagerTitle), EstablishedOn, DissolvedOn);
}

/// <summary>A committee as Mandates knows it from the Committees events (read model): is it kommunstyrelsen, and when.</summary>
public sealed class KnownCommittee
{
    public Guid CommitteeId { get; set; }
    public string Name { get; set; } = "";
    public bool IsExecutiveBoard { get; set; }
    public DateOnly EstablishedOn { get; set; }
    public DateOnly? DissolvedOn { get; set; }

    public CommitteeFacts ToFacts() => new(CommitteeId, Name, IsExecutiveBoard, EstablishedOn, DissolvedOn);
}
