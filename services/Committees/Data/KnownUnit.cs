using System.Text.Json;
using Nacka.Committees.Domain;
using Nacka.Contracts;

namespace Nacka.Committees.Data;

/// <summary>A unit as Committees knows it from the Units events (read model; Units owns the unit).</summary>
public sealed class KnownUnit
{
    public Guid UnitId { get; set; }
    public string Name { get; set; } = "";
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
        ReportingLine = JsonSerializer.Serialize(ReportingPeriods().Where(r => r.From != from).Append(new ReportingPeriod(directorPostId, from)).OrderBy(r => r.From).ToList(),
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
    public string? HolderName { get; set; }

    public DirectorPost ToDomain() => new(PostId, Title, CreatedOn, HolderName);
}
