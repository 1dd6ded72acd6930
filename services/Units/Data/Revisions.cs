using System.Text.Json;
using Nacka.Contracts;
using Nacka.Contracts.Units;
using Nacka.Units.Domain;

namespace Nacka.Units.Data;

/// <summary>What every revision records about the change itself: when it holds, when and by whom it was recorded, and why.</summary>
public abstract class RevisionBase
{
    public int Version { get; set; }
    public string Change { get; set; } = "";
    public DateOnly ValidFrom { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string? RecordedBy { get; set; }
    public string? Reason { get; set; }
    public string? DecisionBody { get; set; }
    public DateOnly? DecisionDate { get; set; }
    public string? DecisionParagraph { get; set; }
    public string? DecisionCaseNumber { get; set; }

    public Decision? Decision => DecisionBody is null || DecisionDate is null ? null : new Decision(DecisionBody, DecisionDate.Value, DecisionParagraph, DecisionCaseNumber);

    protected void Record(string change, int version, ChangeInfo info, DateTimeOffset recordedAt)
    {
        Change = change;
        Version = version;
        ValidFrom = info.ValidFrom;
        RecordedAt = recordedAt;
        RecordedBy = info.RecordedBy;
        Reason = info.Reason;
        DecisionBody = info.Decision?.Body;
        DecisionDate = info.Decision?.Date;
        DecisionParagraph = info.Decision?.Paragraph;
        DecisionCaseNumber = info.Decision?.CaseNumber;
    }
}

/// <summary>
/// One version of a unit: its whole state after a change, from <c>ValidFrom</c>. Versions are
/// appended, never updated; the unit as of a date is its newest version valid on that date.
/// The primary key (unit, version) makes two concurrent changes of one version collide.
/// </summary>
public sealed class UnitRevision : RevisionBase
{
    public Guid UnitId { get; set; }
    public string Name { get; set; } = "";
    public string? EnglishName { get; set; }
    public string? ShortName { get; set; }
    public string Kind { get; set; } = "";
    public string ManagerTitle { get; set; } = "";
    public Guid DirectorPostId { get; set; }
    public DateOnly EstablishedOn { get; set; }
    public DateOnly? DissolvedOn { get; set; }
    public string Identifiers { get; set; } = "[]";
    public string? VisitingAddress { get; set; }
    public string? Contact { get; set; }
    public List<Guid> PredecessorIds { get; set; } = [];
    public List<Guid> SuccessorIds { get; set; } = [];

    public static UnitRevision From(UnitState state, string change, int version, ChangeInfo info, DateTimeOffset recordedAt)
    {
        var revision = new UnitRevision
        {
            UnitId = state.Id,
            Name = state.Name,
            EnglishName = state.EnglishName,
            ShortName = state.ShortName,
            Kind = state.Kind,
            ManagerTitle = state.ManagerTitle.ToString(),
            DirectorPostId = state.DirectorPostId,
            EstablishedOn = state.EstablishedOn,
            DissolvedOn = state.DissolvedOn,
            Identifiers = JsonSerializer.Serialize(state.Identifiers, ContractJson.Options),
            VisitingAddress = state.VisitingAddress is null ? null : JsonSerializer.Serialize(state.VisitingAddress, ContractJson.Options),
            Contact = state.Contact is null ? null : JsonSerializer.Serialize(state.Contact, ContractJson.Options),
            PredecessorIds = [.. state.PredecessorIds],
            SuccessorIds = [.. state.SuccessorIds],
        };
        revision.Record(change, version, info, recordedAt);
        return revision;
    }

    public UnitState ToState() => new(
        UnitId, Name, EnglishName, ShortName, Kind, Enum.Parse<ManagerTitle>(ManagerTitle), DirectorPostId, EstablishedOn, DissolvedOn,
        JsonSerializer.Deserialize<List<UnitIdentifier>>(Identifiers, ContractJson.Options) ?? [],
        VisitingAddress is null ? null : JsonSerializer.Deserialize<Address>(VisitingAddress, ContractJson.Options),
        Contact is null ? null : JsonSerializer.Deserialize<Contact>(Contact, ContractJson.Options),
        PredecessorIds, SuccessorIds);
}

/// <summary>One version of a director post, with its holders over time; appended like <see cref="UnitRevision"/>.</summary>
public sealed class DirectorRevision : RevisionBase
{
    public Guid PostId { get; set; }
    public string Title { get; set; } = "";
    public DateOnly CreatedOn { get; set; }
    public DateOnly? EndedOn { get; set; }
    public string Holders { get; set; } = "[]";

    public static DirectorRevision From(DirectorPostState state, string change, int version, ChangeInfo info, DateTimeOffset recordedAt)
    {
        var revision = new DirectorRevision
        {
            PostId = state.Id,
            Title = state.Title,
            CreatedOn = state.CreatedOn,
            EndedOn = state.EndedOn,
            Holders = JsonSerializer.Serialize(state.Holders, ContractJson.Options),
        };
        revision.Record(change, version, info, recordedAt);
        return revision;
    }

    public DirectorPostState ToState() =>
        new(PostId, Title, CreatedOn, EndedOn, JsonSerializer.Deserialize<List<DirectorHolding>>(Holders, ContractJson.Options) ?? []);
}

/// <summary>A unit kind (förskola, grundskola...): reference data registrars can extend.</summary>
public sealed class UnitKind
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
}
