using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Nacka.Contracts;
using Nacka.Persistence;
using Npgsql;

namespace Nacka.Messaging.ReadModels;

/// <summary>
/// Applies another service's events to this service's read model strictly in each entity's
/// version order, whatever order RabbitMQ delivers them in (one queue per event type, so a rename
/// can overtake the establishment it follows): an old or duplicate version is acknowledged and
/// skipped; a version after a gap first fetches the missing ones from the producer's replay feed
/// and applies them in order. Effects and the entity's version commit together.
/// </summary>
public sealed class ReadModelApplier<TContext>(TContext db, ReadModelHandlers<TContext> handlers, ProducerFeed feed, ILogger<ReadModelApplier<TContext>> logger)
    where TContext : DbContext
{
    /// <summary>Applies <paramref name="integrationEvent"/> (and any versions missing before it); returns how many versions were applied.</summary>
    public async Task<int> ApplyAsync(IIntegrationEvent integrationEvent, CancellationToken cancellationToken) =>
        (await ApplyAsync([integrationEvent], cancellationToken))[0];

    /// <summary>
    /// Applies <paramref name="events"/> — of any entities, types and order, duplicates included —
    /// in one transaction: each entity's version row is locked (all in one statement, in key order,
    /// so two batches never wait on each other crosswise), its events applied in version order, and
    /// every new version saved with the read model's changes. Returns, for each event in the order
    /// given, how many versions it applied (0: already applied). Any failure rolls back all of them.
    /// </summary>
    public Task<int[]> ApplyAsync(IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (transaction, ct) =>
        {
            var keys = events.Select(Key).Distinct().Order().ToList();
            var lockedAt = await LockVersionsAsync(keys, ct);
            var applied = new Dictionary<(string Source, Guid EntityId), int>(lockedAt);
            var results = new int[events.Count];
            foreach (var (integrationEvent, index) in events.Select((e, i) => (e, i)).OrderBy(p => Key(p.e)).ThenBy(p => p.e.Version))
            {
                results[index] = await ApplyInOrderAsync(integrationEvent, applied, ct);
            }

            // The new versions go in the same batch of statements as the read model's changes.
            foreach (var (key, version) in applied.Where(a => a.Value != lockedAt[a.Key]))
            {
                db.Attach(new ReadModelVersion { Source = key.Source, EntityId = key.EntityId, Version = lockedAt[key] }).Entity.Version = version;
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return results;
        }, cancellationToken);

    private static (string Source, Guid EntityId) Key(IIntegrationEvent e) => (EventNaming.For(e.GetType()).Service, e.SubjectId);

    /// <summary>Applies one event after the entity's <paramref name="applied"/> version (filling a gap from the feed); returns the versions applied.</summary>
    private async Task<int> ApplyInOrderAsync(IIntegrationEvent integrationEvent, Dictionary<(string Source, Guid EntityId), int> applied,
        CancellationToken ct)
    {
        var key = Key(integrationEvent);
        var after = applied[key];
        if (integrationEvent.Version <= after)
        {
            return 0;
        }

        var pending = new List<IIntegrationEvent>();
        if (integrationEvent.Version > after + 1)
        {
            var missing = await feed.MissingAsync(key.Source, key.EntityId, after, integrationEvent.Version, ct);
            if (missing.Count != integrationEvent.Version - after - 1 || missing.Select((e, i) => e.Version != after + 1 + i).Any(gap => gap))
            {
                // Not in the producer's feed yet: fail, so the broker redelivers after a backoff.
                throw new InvalidOperationException(
                    $"{key.Source} entity {key.EntityId}: versions {after + 1}..{integrationEvent.Version - 1} are missing and not (yet) in the feed.");
            }

            logger.LogInformation("Filled versions {From}..{To} of {Source} entity {Entity} from the replay feed", after + 1, integrationEvent.Version - 1,
                key.Source, key.EntityId);
            pending.AddRange(missing);
        }

        pending.Add(integrationEvent);
        foreach (var next in pending)
        {
            await handlers.ApplyAsync(db, next, ct);
        }

        applied[key] = integrationEvent.Version;
        return pending.Count;
    }

    /// <summary>
    /// Each entity's applied version (0 for a new one), its row locked until commit — in one round
    /// trip: the upsert's no-op update locks an existing row as <c>FOR UPDATE</c> would, and a
    /// concurrent first event of the same entity waits on the inserted row, then reads it. Sent as a
    /// plain command on the transaction's connection: through EF (<c>FromSqlRaw</c>) each call went
    /// through its query pipeline again (parameter extraction, cache lookup, a buffering reader);
    /// see <see cref="ReadModelRows.AppliedAsync{T}"/> for what the two changes saved.
    /// </summary>
    private async Task<Dictionary<(string Source, Guid EntityId), int>> LockVersionsAsync(List<(string Source, Guid EntityId)> keys,
        CancellationToken ct)
    {
        await using var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
        command.Transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        // The table name comes from the EF model, never from input; the keys go in as parameters.
        command.CommandText = $"""
            INSERT INTO {db.QualifiedTable<ReadModelVersion>()} AS applied (source, entity_id, version)
            SELECT key.source, key.entity_id, 0 FROM unnest($1, $2) WITH ORDINALITY AS key(source, entity_id, n) ORDER BY key.n
            ON CONFLICT (source, entity_id) DO UPDATE SET version = applied.version
            RETURNING applied.source, applied.entity_id, applied.version
            """;
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys.Select(k => k.Source).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = keys.Select(k => k.EntityId).ToArray() });
        var versions = new Dictionary<(string Source, Guid EntityId), int>(keys.Count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            versions[(reader.GetString(0), reader.GetGuid(1))] = reader.GetInt32(2);
        }

        return versions;
    }
}
