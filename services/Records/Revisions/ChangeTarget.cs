using Nacka.Records.Changes;

namespace Nacka.Records.Revisions;

/// <summary>An entity loaded for a change: its current row (tracked) and the revision the change will make.</summary>
public sealed record ChangeTarget<TCurrent>(TCurrent Current, Revising Next);
