using System.Text.Json;
using Nacka.Contracts;
using Nacka.Messaging.ReadModels;
using Nacka.Processes.Domain;

namespace Nacka.Processes.Data;

/// <summary>A unit as Processes knows it from the Units events (read model).</summary>
public sealed class KnownUnit
{
    public Guid UnitId { get; set; }

    /// <summary>The name in the latest event applied (whatever its date); answers use <see cref="NameOn"/>.</summary>
    public string Name { get; set; } = "";

    public DateOnly EstablishedOn { get; set; }
    public DateOnly? DissolvedOn { get; set; }

    /// <summary>The unit's names, each from a date (jsonb, <see cref="DatedCopy"/>).</summary>
    public string Names { get; set; } = "[]";

    /// <summary>Named <paramref name="name"/> from <paramref name="from"/>.</summary>
    public void Rename(string name, DateOnly from)
    {
        Name = name;
        Names = DatedCopy.Set(Names, from, name);
    }

    public string NameOn(DateOnly date) => DatedCopy.On<string>(Names, date) ?? Name;

    public UnitFacts ToFacts(DateOnly date) => new(UnitId, NameOn(date), EstablishedOn, DissolvedOn);
}

/// <summary>Who held a director post, from when to when (exclusive).</summary>
public sealed record Holding(string Name, DateOnly From, DateOnly? To);

/// <summary>A director post and its holders over time, as Processes knows them from the Units events.</summary>
public sealed class KnownDirectorPost
{
    public Guid PostId { get; set; }
    public string Title { get; set; } = "";
    public DateOnly CreatedOn { get; set; }
    public string Holders { get; set; } = "[]";

    public List<Holding> HolderList() => JsonSerializer.Deserialize<List<Holding>>(Holders, ContractJson.Options) ?? [];

    public string? HolderOn(DateOnly date) => HolderList().LastOrDefault(h => h.From <= date && (h.To is null || date < h.To))?.Name;

    /// <summary>The current holder's term ends on <paramref name="from"/>; <paramref name="name"/> (if any) holds from then.</summary>
    public void Appoint(string? name, DateOnly from)
    {
        var holders = HolderList().Select(h => h.To is null ? h with { To = from } : h).ToList();
        if (name is not null)
        {
            holders.Add(new Holding(name, from, null));
        }

        Holders = JsonSerializer.Serialize(holders, ContractJson.Options);
    }

    public DirectorFacts ToFacts(DateOnly on) => new(PostId, Title, CreatedOn, HolderOn(on));
}

/// <summary>A manager's mandate as Processes knows it from the Mandates events: who sits in a unit-manager seat on a date.</summary>
public sealed class KnownMandate
{
    public Guid MandateId { get; set; }
    public Guid UnitId { get; set; }
    public string HolderName { get; set; } = "";
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public DateOnly? EndedOn { get; set; }
}
