using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nacka.Contracts;
using Nacka.Persistence;
using Npgsql;

// The table name comes from the EF model, never from input; values go in as parameters.
#pragma warning disable EF1002

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
    public Task<int> ApplyAsync(IIntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        var source = EventNaming.For(integrationEvent.GetType()).Service;
        return db.InTransactionAsync(async (transaction, ct) =>
        {
            var applied = await LockVersionAsync(source, integrationEvent.SubjectId, ct);
            if (integrationEvent.Version <= applied)
            {
                return 0;
            }

            var pending = new List<IIntegrationEvent>();
            if (integrationEvent.Version > applied + 1)
            {
                var missing = await feed.MissingAsync(source, integrationEvent.SubjectId, applied, integrationEvent.Version, ct);
                if (missing.Count != integrationEvent.Version - applied - 1 || missing.Select((e, i) => e.Version != applied + 1 + i).Any(gap => gap))
                {
                    // Not in the producer's feed yet: fail, so the broker redelivers after a backoff.
                    throw new InvalidOperationException(
                        $"{source} entity {integrationEvent.SubjectId}: versions {applied + 1}..{integrationEvent.Version - 1} are missing and not "
                            + $"(yet) in the feed.");
                }

                logger.LogInformation("Filled versions {From}..{To} of {Source} entity {Entity} from the replay feed", applied + 1,
                    integrationEvent.Version - 1, source, integrationEvent.SubjectId);
                pending.AddRange(missing);
            }

            pending.Add(integrationEvent);
            foreach (var next in pending)
            {
                await handlers.ApplyAsync(db, next, ct);
            }

            // The new version goes in the same batch of statements as the read model's changes.
            db.Attach(new ReadModelVersion { Source = source, EntityId = integrationEvent.SubjectId, Version = applied }).Entity.Version =
                integrationEvent.Version;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return pending.Count;
        }, cancellationToken);
    }

    /// <summary>
    /// The entity's applied version (0 for a new one), its row locked until commit — in one round
    /// trip: the upsert's no-op update locks an existing row as <c>FOR UPDATE</c> would, and a
    /// concurrent first event of the same entity waits on the inserted row, then reads it.
    /// </summary>
    private Task<int> LockVersionAsync(string source, Guid entityId, CancellationToken ct)
    {
        var table = db.QualifiedTable<ReadModelVersion>();
        return db.Database.SqlQueryRaw<int>(
            $"""
            INSERT INTO {table} AS applied (source, entity_id, version) VALUES (@source, @id, 0)
            ON CONFLICT (source, entity_id) DO UPDATE SET version = applied.version
            RETURNING version AS "Value"
            """,
            new NpgsqlParameter("source", source), new NpgsqlParameter("id", entityId)).AsAsyncEnumerable().SingleAsync(ct).AsTask();
    }
}
