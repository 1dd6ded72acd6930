namespace Nacka.Records.Changes;

/// <summary>
/// The revision a domain operation is about to make: its version (the latest plus one), the
/// latest version's valid-from date (history is appended, never rewritten before it), the
/// change's why and when, and the moment it is recorded.
/// </summary>
public sealed record Revising(int Version, DateOnly LatestValidFrom, ChangeInfo Change, DateTimeOffset At)
{
    /// <summary>The revision after this one (an operation that records two steps, like a split and the dissolution it ends in).</summary>
    public Revising Next() => this with { Version = Version + 1 };

    /// <summary>The first revision of a new entity.</summary>
    public static Revising First(ChangeInfo change, DateTimeOffset at) => new(1, DateOnly.MinValue, change, at);
}
