using System.Text.Json;
using Nacka.Committees.Domain;
using Nacka.Contracts;
using Nacka.Messaging.ReadModels;

namespace Nacka.Committees.Data;

/// <summary>A unit as Committees knows it from the Units events (read model; Units owns the unit).</summary>
public sealed class KnownUnit
{
    public Guid UnitId { get; set; }

    /// <summary>The name in the latest event applied (whatever its date); answers use <see cref="NameOn"/>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The unit's names, each from a date (jsonb, <see cref="DatedCopy"/>).</summary>
    public string Names { get; set; } = "[]";

    /// <summary>Named <paramref name="name"/> from <paramref name="from"/>.</summary>
    public void Rename(string name, DateOnly from)
    {
        Name = name;
        Names = DatedCopy.Set(Names, from, name);
    }

    public string NameOn(DateOnly date) => DatedCopy.On<string>(Names, date) ?? Name;
    public DateOnly EstablishedOn { get; set; }
    public DateOnly? DissolvedOn { get; set; }
    public List<Guid> SuccessorIds { get; set; } = [];

    /// <summary>The director posts the unit's manager reported to, each from a date, oldest first (jsonb).</summary>
    public string ReportingLine { get; set; } = "[]";

    public List<ReportingPeriod> ReportingPeriods() => JsonSerializer.Deserialize<List<ReportingPeriod>>(ReportingLine, ContractJson.Options) ?? [];

    /// <summary>
    /// From <paramref name="from"/> the unit's manager reports to <paramref name="directorPostId"/>,
    /// until the next change already known (a change dated before one scheduled holds until it, as in Units).
    /// </summary>
    public void ReportsTo(Guid directorPostId, DateOnly from) =>
        ReportingLine = JsonSerializer.Serialize(ReportingPeriods().Where(r => r.From != from).Append(new ReportingPeriod(directorPostId, from))
            .OrderBy(r => r.From).ToList(),
            ContractJson.Options);

    /// <summary>The director the unit's manager reports to on <paramref name="date"/> (the first one before the unit started).</summary>
    public Guid? DirectorOn(DateOnly date)
    {
        var periods = ReportingPeriods();
        return (periods.LastOrDefault(r => r.From <= date) ?? periods.FirstOrDefault())?.DirectorPostId;
    }

    public UnitFacts ToFacts() => new(UnitId, Name, EstablishedOn, DissolvedOn);
}

/// <summary>From <see cref="From"/> the unit's manager reports to <see cref="DirectorPostId"/>.</summary>
public sealed record ReportingPeriod(Guid DirectorPostId, DateOnly From);

/// <summary>A director post as Committees knows it from the Units events.</summary>
public sealed class KnownDirectorPost
{
    public Guid PostId { get; set; }
    public string Title { get; set; } = "";
    public DateOnly CreatedOn { get; set; }
    /// <summary>The holder in the latest event applied (whatever its date); answers use <see cref="ToDomain"/> on their date.</summary>
    public string? HolderName { get; set; }

    /// <summary>Who held the post, each from a date, null while vacant (jsonb, <see cref="DatedCopy"/>).</summary>
    public string Holders { get; set; } = "[]";

    /// <summary>Held by <paramref name="holder"/> (null: vacant) from <paramref name="from"/>.</summary>
    public void HeldBy(string? holder, DateOnly from)
    {
        HolderName = holder;
        Holders = DatedCopy.Set(Holders, from, holder);
    }

    /// <summary>The post as shown on <paramref name="date"/>: its holder then (a holder appointed from next year is not shown today).</summary>
    public DirectorPost ToDomain(DateOnly date) => new(PostId, Title, CreatedOn, DatedCopy.On<string?>(Holders, date, firstBeforeStart: false));
}
