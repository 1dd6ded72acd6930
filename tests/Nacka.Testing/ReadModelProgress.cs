using Microsoft.EntityFrameworkCore;
using Nacka.Messaging.ReadModels;

namespace Nacka.Testing;

/// <summary>How far a service's read model has got with another service's records.</summary>
public static class ReadModelProgress
{
    /// <summary>
    /// True once the read model has applied <paramref name="source"/>'s event about <paramref name="entityId"/> at
    /// <paramref name="version"/> or a later one. Wait on this, not on a value the event carried: a later change (a rename from the
    /// same day sent beside it and taken after it) replaces the value, and the wait would never end.
    /// </summary>
    public static Task<bool> HasAppliedAsync(this DbContext db, string source, Guid entityId, int version, CancellationToken cancellationToken) =>
        db.Set<ReadModelVersion>().AnyAsync(v => v.Source == source && v.EntityId == entityId && v.Version >= version, cancellationToken);
}
