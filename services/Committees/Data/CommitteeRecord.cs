using System.Text.Json;
using Nacka.Committees.Domain;
using Nacka.Contracts;
using Nacka.Contracts.Committees;
using Nacka.Records.Revisions;

namespace Nacka.Committees.Data;

/// <summary>A committee's columns, shared by its revisions and its current row.</summary>
public abstract class CommitteeRecord : Revision
{
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? Area { get; set; }
    public string Links { get; set; } = "[]";
    public DateOnly EstablishedOn { get; set; }
    [RecordEnd(ClosesItems = true)]
    public DateOnly? DissolvedOn { get; set; }

    protected void Write(CommitteeState state)
    {
        Name = state.Name;
        Kind = state.Kind.ToString();
        Area = state.Area;
        Links = JsonSerializer.Serialize(state.Links, ContractJson.Options);
        EstablishedOn = state.EstablishedOn;
        DissolvedOn = state.DissolvedOn;
    }

    public CommitteeState ToState() => new(EntityId, Name, Enum.Parse<CommitteeKind>(Kind), Area,
        JsonSerializer.Deserialize<List<LinkPeriod>>(Links, ContractJson.Options) ?? [], EstablishedOn, DissolvedOn);
}

/// <summary>One version of a committee, appended, never updated.</summary>
public sealed class CommitteeRevision : CommitteeRecord
{
    public static CommitteeRevision From(CommitteeState state)
    {
        var revision = new CommitteeRevision();
        revision.Write(state);
        return revision;
    }
}

/// <summary>A committee's latest version (names and the one executive board are kept unique on every day by
/// <see cref="CommitteesDbContext.NameDays"/> and <see cref="CommitteesDbContext.ExecutiveBoardDays"/>).</summary>
public sealed class CurrentCommittee : CommitteeRecord;
