using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Nacka.Messaging.Outbox;

namespace Nacka.Messaging;

public static class MessagingModelBuilderExtensions
{
    public const string OutboxTable = "outbox_messages";
    public const string ReadModelVersionTable = "read_model_versions";

    /// <summary>
    /// Adds the outbox and read-model version tables to a service's model, in its own schema, so they are
    /// created by that service's migrations and share its transactions.
    /// </summary>
    public static ModelBuilder AddMessagingTables(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable(OutboxTable);
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            outbox.Property(m => m.EventId).HasColumnName("event_id");
            outbox.Property(m => m.Type).HasColumnName("type").HasMaxLength(200);
            outbox.Property(m => m.SubjectId).HasColumnName("subject_id");
            outbox.Property(m => m.SubjectVersion).HasColumnName("subject_version");
            // json, not jsonb: keeps the payload byte for byte as serialized (key order included).
            outbox.Property(m => m.Payload).HasColumnName("payload").HasColumnType("json");
            outbox.Property(m => m.OccurredAt).HasColumnName("occurred_at");
            outbox.Property(m => m.RecordedAt).HasColumnName("recorded_at").HasDefaultValueSql("now()");
            outbox.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(128);
            outbox.Property(m => m.TraceState).HasColumnName("trace_state").HasMaxLength(512);
            outbox.Property(m => m.SentAt).HasColumnName("sent_at");
            outbox.Property(m => m.Position).HasColumnName("position");
            outbox.Property(m => m.LockedUntil).HasColumnName("locked_until");
            outbox.Property(m => m.Attempts).HasColumnName("attempts");
            outbox.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(2000);
            // Every index is written again each time a row changes an indexed column (numbered, marked sent: no heap-only update), so
            // the outbox keeps only the indexes a statement reads, and the feed's two leave out rows not yet numbered (an insert
            // writes neither). None on event_id (nothing looks an event up by its id, and each event's is a fresh UUIDv7 from
            // NewIds) nor on sent_at (retention walks the feed from its oldest position: see OutboxStore).
            outbox.HasIndex(m => m.Position).IsUnique().HasFilter("position IS NOT NULL");
            // The dispatcher's scan: unsent rows in order, and "is there an earlier unsent row of this entity?". Two indexes on Id,
            // so each is named: an unnamed HasIndex(m => m.Id) is one index, and the second filter replaced the first (until 2026-12-01).
            outbox.HasIndex(m => m.Id, "ix_outbox_unsent").HasFilter("sent_at IS NULL");
            outbox.HasIndex(m => new { m.SubjectId, m.Id }).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_unsent_by_subject");
            // The sequencer's scan: committed rows not yet in the replay feed.
            outbox.HasIndex(m => m.Id, "ix_outbox_unsequenced").HasFilter("position IS NULL");
            // One entity's events in the feed, for a consumer filling a gap (GET /events?subject=).
            outbox.HasIndex(m => new { m.SubjectId, m.Position }).HasFilter("position IS NOT NULL").HasDatabaseName("ix_outbox_subject_position");
        });

        modelBuilder.Entity<ReadModels.ReadModelVersion>(version =>
        {
            version.ToTable(ReadModelVersionTable);
            version.HasKey(v => new { v.Source, v.EntityId });
            version.Property(v => v.Source).HasColumnName("source").HasMaxLength(100);
            version.Property(v => v.EntityId).HasColumnName("entity_id");
            version.Property(v => v.Version).HasColumnName("version");
        });

        return modelBuilder;
    }

    /// <summary>The schema-qualified, quoted table name for raw SQL.</summary>
    internal static string QualifiedTable<TEntity>(this DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no {typeof(TEntity).Name}: call modelBuilder.AddMessagingTables() in "
                + $"OnModelCreating.");
        var schema = entity.GetSchema() ?? "public";
        return $"\"{schema}\".\"{entity.GetTableName()}\"";
    }

    internal static string SchemaOf<TEntity>(this DbContext db) =>
        db.Model.FindEntityType(typeof(TEntity))?.GetSchema() ?? "public";
}
