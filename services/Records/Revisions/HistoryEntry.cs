using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Records.Revisions;

/// <summary>One change in a record's history: which version, what, from when, recorded when and by whom, and why.</summary>
public sealed record HistoryEntry<TSnapshot>(
    int Version, string Change, DateOnly ValidFrom, DateTimeOffset RecordedAt, string? RecordedBy, string? Reason, DecisionDto? Decision, TSnapshot State)
{
    public static HistoryEntry<TSnapshot> From(Revision revision, TSnapshot state) => new(
        revision.Version, revision.Change, revision.ValidFrom, revision.RecordedAt, revision.RecordedBy, revision.Reason,
            DecisionDto.From(revision.Decision), state);
}
