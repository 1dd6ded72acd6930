namespace Nacka.Records.Changes;

/// <summary>
/// Where the running service's new ids come from (records, events, seats): time-ordered UUIDv7,
/// so a table keyed by them fills its index in order. Domain rules receive this through
/// <see cref="Nacka.Rules.Revising.NewId"/> and never mint ids themselves.
/// </summary>
public static class NewIds
{
    public static Guid Next() => Guid.CreateVersion7();
}
