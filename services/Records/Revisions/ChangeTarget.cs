using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Records.Revisions;

/// <summary>An entity loaded for a change: its current row (tracked) and the revision the change will make.</summary>
public sealed record ChangeTarget<TCurrent>(TCurrent Current, Revising Next);
