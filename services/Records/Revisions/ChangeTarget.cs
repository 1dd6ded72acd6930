using Nacka.Rules;

namespace Nacka.Records.Revisions;

/// <summary>
/// An entity loaded for a change: <see cref="Current"/> as it stands on the change's date (what
/// the rule decides on), <see cref="Latest"/> its current row (tracked; what holds furthest
/// ahead, with any end already recorded), and the revision the change will make.
/// </summary>
public sealed record ChangeTarget<TCurrent>(TCurrent Current, Revising Next)
{
    public TCurrent Latest { get; init; } = Current;
}
