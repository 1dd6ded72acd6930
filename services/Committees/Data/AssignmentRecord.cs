using System.Text.Json;
using Nacka.Committees.Domain;
using Nacka.Contracts;
using Nacka.Records.Changes;
using Nacka.Rules;
using Nacka.Records.Revisions;

namespace Nacka.Committees.Data;

/// <summary>An assignment's columns, shared by its revisions and its current row.</summary>
public abstract class AssignmentRecord : Revision
{
    public Guid CommitteeId { get; set; }
    public Guid UnitId { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public DateOnly PeriodFrom { get; set; }
    public DateOnly? PeriodTo { get; set; }

    /// <summary>The committee's decision behind the assignment (jsonb), not the decision of one change.</summary>
    public string? AssignmentDecision { get; set; }

    public Guid ResponsibleDirectorPostId { get; set; }
    public DateOnly? BriefedOn { get; set; }
    public string? BriefingNote { get; set; }
    [RecordEnd]
    public string Status { get; set; } = "";
    [RecordEnd]
    public DateOnly? ClosedOn { get; set; }
    [RecordEnd]
    public string? ClosedReason { get; set; }
    [RecordEnd]
    public List<Guid> SuccessorUnitIds { get; set; } = [];
    public Guid? ContinuesAssignmentId { get; set; }

    protected void Write(AssignmentState state)
    {
        CommitteeId = state.CommitteeId;
        UnitId = state.UnitId;
        Title = state.Title;
        Description = state.Description;
        PeriodFrom = state.From;
        PeriodTo = state.To;
        AssignmentDecision = state.Decision is null ? null : JsonSerializer.Serialize(state.Decision, ContractJson.Options);
        ResponsibleDirectorPostId = state.ResponsibleDirectorPostId;
        BriefedOn = state.BriefedOn;
        BriefingNote = state.BriefingNote;
        Status = StatusName(state.Status);
        ClosedOn = state.ClosedOn;
        ClosedReason = state.ClosedReason;
        SuccessorUnitIds = [.. state.SuccessorUnitIds];
        ContinuesAssignmentId = state.ContinuesAssignmentId;
    }

    public AssignmentState ToState() => new(EntityId, CommitteeId, UnitId, Title, Description, PeriodFrom, PeriodTo,
        AssignmentDecision is null ? null : JsonSerializer.Deserialize<Decision>(AssignmentDecision, ContractJson.Options),
        ResponsibleDirectorPostId, BriefedOn, BriefingNote, Enum.Parse<AssignmentStatus>(Status, ignoreCase: true), ClosedOn, ClosedReason,
        SuccessorUnitIds, ContinuesAssignmentId);

    /// <summary>How a status is stored and shown: <c>issued</c>, <c>completed</c>, <c>withdrawn</c>.</summary>
    public static string StatusName(AssignmentStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>One version of an assignment, appended, never updated.</summary>
public sealed class AssignmentRevision : AssignmentRecord
{
    public static AssignmentRevision From(AssignmentState state)
    {
        var revision = new AssignmentRevision();
        revision.Write(state);
        return revision;
    }
}

/// <summary>An assignment's latest version; lists and the summary read these.</summary>
public sealed class CurrentAssignment : AssignmentRecord;
