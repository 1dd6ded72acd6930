using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nacka.Records.Revisions;

/// <summary>The table shapes every record type shares.</summary>
public static class RevisionModel
{
    /// <summary>
    /// Revisions: appended, never updated; the key (entity, version, step) makes two concurrent
    /// changes of one version collide (both write step 0); (entity, validFrom) serves history and
    /// <c>asOf</c> of one entity.
    /// </summary>
    public static EntityTypeBuilder<TRevision> IsRevisionTable<TRevision>(this EntityTypeBuilder<TRevision> entity, string table, string entityIdColumn)
        where TRevision : Revision
    {
        entity.ToTable(table);
        entity.HasKey(r => new { r.EntityId, r.Version, r.Step });
        entity.Property(r => r.EntityId).HasColumnName(entityIdColumn);
        entity.Ignore(r => r.Decision);
        entity.HasIndex(r => new { r.EntityId, r.ValidFrom });
        return entity;
    }

    /// <summary>
    /// Current state: one row per entity, a copy of its latest revision, where uniqueness rules
    /// live as (partial) unique indexes and today's lists and searches read without touching the
    /// revisions. Indexed by validFrom for the few entities with a change dated in the future.
    /// </summary>
    public static EntityTypeBuilder<TCurrent> IsCurrentTable<TCurrent>(this EntityTypeBuilder<TCurrent> entity, string table, string entityIdColumn)
        where TCurrent : Revision
    {
        entity.ToTable(table);
        entity.HasKey(r => r.EntityId);
        entity.Property(r => r.EntityId).HasColumnName(entityIdColumn);
        entity.Ignore(r => r.Decision);
        entity.HasIndex(r => r.ValidFrom);
        return entity;
    }
}
