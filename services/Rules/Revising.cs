namespace Nacka.Rules;

/// <summary>
/// The revision a domain operation is about to make: its version (the latest plus one), the
/// change's why and from when it holds, the moment it is recorded, and where the ids it mints
/// (events, seats) come from — passed in, so a rule is a function of its arguments and a test can
/// predict every id. The rule sees the record as it stands on the change's date
/// (<c>Change.ValidFrom</c>), whatever is scheduled after it.
/// </summary>
public sealed record Revising(int Version, ChangeInfo Change, DateTimeOffset At, Func<Guid> NewId)
{
    /// <summary>The revision after this one (an operation that records two steps, like a split and the dissolution it ends in).</summary>
    public Revising Next() => this with { Version = Version + 1 };

    /// <summary>The first revision of a new entity.</summary>
    public static Revising First(ChangeInfo change, DateTimeOffset at, Func<Guid> newId) => new(1, change, at, newId);
}
