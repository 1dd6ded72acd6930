using Nacka.Contracts.Mandates;
using Nacka.Contracts.Units;
using Nacka.Mandates.Domain;
using Nacka.Records.Revisions;

namespace Nacka.Mandates.Data;

/// <summary>A mandate's columns, shared by its revisions and its current row.</summary>
public abstract class MandateRecord : Revision
{
    public Guid UnitId { get; set; }
    public string HolderName { get; set; } = "";
    public string? EmployeeId { get; set; }
    public string Title { get; set; } = "";
    public List<string> Scope { get; set; } = [];
    public Guid DecidedByCommitteeId { get; set; }
    public string DecidedByName { get; set; } = "";
    public DateOnly DecidedOn { get; set; }
    public string? DecisionParagraphRef { get; set; }
    public string? DecisionCaseNumberRef { get; set; }
    public DateOnly MandateFrom { get; set; }
    public DateOnly? MandateTo { get; set; }
    [RecordEnd]
    public DateOnly? EndedOn { get; set; }
    [RecordEnd]
    public string? EndReason { get; set; }
    [RecordEnd]
    public Guid? SuccessorId { get; set; }

    protected void Write(MandateState state)
    {
        UnitId = state.UnitId;
        HolderName = state.HolderName;
        EmployeeId = state.EmployeeId;
        Title = state.Title.ToString();
        Scope = [.. state.Scope.Select(a => a.ToString())];
        DecidedByCommitteeId = state.Decision.CommitteeId;
        DecidedByName = state.Decision.CommitteeName;
        DecidedOn = state.Decision.Date;
        DecisionParagraphRef = state.Decision.Paragraph;
        DecisionCaseNumberRef = state.Decision.CaseNumber;
        MandateFrom = state.ValidFrom;
        MandateTo = state.ValidTo;
        EndedOn = state.EndedOn;
        EndReason = state.EndReason;
        SuccessorId = state.SuccessorId;
    }

    public MandateState ToState() => new(EntityId, UnitId, HolderName, EmployeeId, Enum.Parse<ManagerTitle>(Title), [.. Scope.Select(Enum.Parse<MandateArea>)],
        new MandateDecision(DecidedByCommitteeId, DecidedByName, DecidedOn, DecisionParagraphRef, DecisionCaseNumberRef), MandateFrom, MandateTo,
            EndedOn, EndReason, SuccessorId);
}

/// <summary>One version of a mandate, appended, never updated.</summary>
public sealed class MandateRevision : MandateRecord
{
    public static MandateRevision From(MandateState state)
    {
        var revision = new MandateRevision();
        revision.Write(state);
        return revision;
    }
}

/// <summary>A mandate's latest version; its partial unique index keeps one open mandate per unit.</summary>
public sealed class CurrentMandate : MandateRecord;
