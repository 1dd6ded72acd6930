using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Records.Revisions;

/// <summary>
/// What every version of every record keeps about the change itself: which entity and version,
/// what changed, from when it holds in the world, when and by whom it was recorded, and why.
/// A service's revision and current-state entities both derive from one class of its own that
/// adds the entity's columns, so the two tables have the same columns (see <see cref="RecordSet{TRevision, TCurrent}"/>).
/// </summary>
public abstract class Revision
{
    public Guid EntityId { get; set; }
    public int Version { get; set; }

    /// <summary>
    /// 0 for the change itself, dated <see cref="ValidFrom"/>. A change dated before changes
    /// already scheduled also restates each later segment with what it set carried into it
    /// (steps 1, 2, … at those segments' dates), so every date reads from one row; all of a
    /// change's steps share its version, its recorded time and its why. History lists step 0.
    /// </summary>
    public int Step { get; set; }
    public string Change { get; set; } = "";
    public DateOnly ValidFrom { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string? RecordedBy { get; set; }
    public string? Reason { get; set; }
    public string? DecisionBody { get; set; }
    public DateOnly? DecisionDate { get; set; }
    public string? DecisionParagraph { get; set; }
    public string? DecisionCaseNumber { get; set; }

    public Decision? Decision => DecisionBody is null || DecisionDate is null ? null
        : new Decision(DecisionBody, DecisionDate.Value, DecisionParagraph, DecisionCaseNumber);

    /// <summary>
    /// The revision a change of this record makes: the next version after this one. Every change
    /// of an existing record — a request's, a reaction to another service's event, a step of a
    /// reorganisation — takes its version here, so a version is decided in one place.
    /// </summary>
    public Revising Revise(ChangeInfo change, DateTimeOffset at) => new(Version + 1, change, at, NewIds.Next);

    /// <summary>Records the change this version makes.</summary>
    public void Stamp(Guid entityId, int version, string change, ChangeInfo info, DateTimeOffset recordedAt)
    {
        EntityId = entityId;
        Version = version;
        Change = change;
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
