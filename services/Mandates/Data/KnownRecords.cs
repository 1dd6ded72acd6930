using Nacka.Contracts.Units;
using Nacka.Mandates.Domain;
using Nacka.Messaging.ReadModels;

namespace Nacka.Mandates.Data;

/// <summary>A unit as Mandates knows it from the Units events (read model).</summary>
public sealed class KnownUnit
{
    public Guid UnitId { get; set; }

    /// <summary>The name in the latest event applied (whatever its date); rules and answers use <see cref="NameOn"/>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The manager title in the latest event applied; rules use <see cref="ToFacts"/> on their date.</summary>
    public string ManagerTitle { get; set; } = "";

    public DateOnly EstablishedOn { get; set; }
    public DateOnly? DissolvedOn { get; set; }

    /// <summary>The unit's names, each from a date (jsonb, <see cref="DatedCopy"/>).</summary>
    public string Names { get; set; } = "[]";

    /// <summary>The unit's manager titles, each from a date (jsonb, <see cref="DatedCopy"/>).</summary>
    public string ManagerTitles { get; set; } = "[]";

    /// <summary>Renamed from <paramref name="from"/>.</summary>
    public void Rename(string name, DateOnly from)
    {
        Name = name;
        Names = DatedCopy.Set(Names, from, name);
    }

    /// <summary>Led by a <paramref name="title"/> from <paramref name="from"/>.</summary>
    public void LedBy(string title, DateOnly from)
    {
        ManagerTitle = title;
        ManagerTitles = DatedCopy.Set(ManagerTitles, from, title);
    }

    public string NameOn(DateOnly date) => DatedCopy.On<string>(Names, date) ?? Name;

    /// <summary>The unit as the rules see it on <paramref name="date"/>: its name and manager title then.</summary>
    public UnitFacts ToFacts(DateOnly date) =>
        new(UnitId, NameOn(date), Enum.Parse<ManagerTitle>(DatedCopy.On<string>(ManagerTitles, date) ?? ManagerTitle), EstablishedOn, DissolvedOn);
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
