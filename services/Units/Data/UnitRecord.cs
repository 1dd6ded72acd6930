using System.Text.Json;
using Nacka.Contracts;
using Nacka.Contracts.Units;
using Nacka.Records.Revisions;
using Nacka.Units.Domain;

namespace Nacka.Units.Data;

/// <summary>A unit's columns, shared by its revisions and its current row (same names, same meaning).</summary>
public abstract class UnitRecord : Revision
{
    public string Name { get; set; } = "";
    public string? EnglishName { get; set; }
    public string? ShortName { get; set; }
    public string Kind { get; set; } = "";
    public string ManagerTitle { get; set; } = "";
    public Guid DirectorPostId { get; set; }
    public DateOnly EstablishedOn { get; set; }
    [RecordEnd]
    public DateOnly? DissolvedOn { get; set; }
    public string Identifiers { get; set; } = "[]";
    public string? VisitingAddress { get; set; }
    public string? Contact { get; set; }
    public List<Guid> PredecessorIds { get; set; } = [];
    public List<Guid> SuccessorIds { get; set; } = [];

    protected void Write(UnitState state)
    {
        Name = state.Name;
        EnglishName = state.EnglishName;
        ShortName = state.ShortName;
        Kind = state.Kind;
        ManagerTitle = state.ManagerTitle.ToString();
        DirectorPostId = state.DirectorPostId;
        EstablishedOn = state.EstablishedOn;
        DissolvedOn = state.DissolvedOn;
        Identifiers = JsonSerializer.Serialize(state.Identifiers, ContractJson.Options);
        VisitingAddress = state.VisitingAddress is null ? null : JsonSerializer.Serialize(state.VisitingAddress, ContractJson.Options);
        Contact = state.Contact is null ? null : JsonSerializer.Serialize(state.Contact, ContractJson.Options);
        PredecessorIds = [.. state.PredecessorIds];
        SuccessorIds = [.. state.SuccessorIds];
    }

    public UnitState ToState() => new(
        EntityId, Name, EnglishName, ShortName, Kind, Enum.Parse<ManagerTitle>(ManagerTitle), DirectorPostId, EstablishedOn, DissolvedOn,
        JsonSerializer.Deserialize<List<UnitIdentifier>>(Identifiers, ContractJson.Options) ?? [],
        VisitingAddress is null ? null : JsonSerializer.Deserialize<Address>(VisitingAddress, ContractJson.Options),
        Contact is null ? null : JsonSerializer.Deserialize<Contact>(Contact, ContractJson.Options),
        PredecessorIds, SuccessorIds);
}

/// <summary>One version of a unit: its whole state after a change, from <c>ValidFrom</c>. Appended, never updated.</summary>
public sealed class UnitRevision : UnitRecord
{
    public static UnitRevision From(UnitState state)
    {
        var revision = new UnitRevision();
        revision.Write(state);
        return revision;
    }
}

/// <summary>A unit's latest version (names and identifiers are kept unique on every day by <see cref="UnitsDbContext.NameDays"/> and
/// <see cref="UnitsDbContext.IdentifierDays"/>).</summary>
public sealed class CurrentUnit : UnitRecord;
