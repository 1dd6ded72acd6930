using Microsoft.EntityFrameworkCore;
using Nacka.Messaging;
using Nacka.Persistence.Idempotency;

namespace Nacka.Units.Data;

/// <summary>The Units service's own database (<c>unitsdb</c>); no other service reads its tables.</summary>
public sealed class UnitsDbContext(DbContextOptions<UnitsDbContext> options) : DbContext(options)
{
    public const string ConnectionName = "unitsdb";

    public DbSet<UnitRevision> UnitRevisions => Set<UnitRevision>();
    public DbSet<DirectorRevision> DirectorRevisions => Set<DirectorRevision>();
    public DbSet<UnitKind> UnitKinds => Set<UnitKind>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("units");
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyKeys();

        modelBuilder.Entity<UnitRevision>(unit =>
        {
            unit.ToTable("unit_revisions");
            unit.HasKey(r => new { r.UnitId, r.Version });
            unit.Ignore(r => r.Decision);
            unit.Property(r => r.Identifiers).HasColumnType("jsonb");
            unit.Property(r => r.VisitingAddress).HasColumnType("jsonb");
            unit.Property(r => r.Contact).HasColumnType("jsonb");
            unit.Property(r => r.Name).HasMaxLength(200);
            unit.Property(r => r.Kind).HasMaxLength(50);
            unit.HasIndex(r => new { r.UnitId, r.ValidFrom });
            unit.HasIndex(r => r.DirectorPostId);
        });

        modelBuilder.Entity<DirectorRevision>(director =>
        {
            director.ToTable("director_revisions");
            director.HasKey(r => new { r.PostId, r.Version });
            director.Ignore(r => r.Decision);
            director.Property(r => r.Holders).HasColumnType("jsonb");
            director.Property(r => r.Title).HasMaxLength(200);
        });

        modelBuilder.Entity<UnitKind>(kind =>
        {
            kind.ToTable("unit_kinds");
            kind.HasKey(k => k.Code);
            kind.Property(k => k.Code).HasMaxLength(50);
            kind.Property(k => k.Name).HasMaxLength(100);
            kind.HasData(
                new UnitKind { Code = "forskola", Name = "Förskola" },
                new UnitKind { Code = "grundskola", Name = "Grundskola" },
                new UnitKind { Code = "gymnasieskola", Name = "Gymnasieskola" },
                new UnitKind { Code = "aldreomsorg", Name = "Äldreomsorg" },
                new UnitKind { Code = "stod", Name = "Stöd" },
                new UnitKind { Code = "myndighet", Name = "Myndighetsutövning" },
                new UnitKind { Code = "teknisk-verksamhet", Name = "Teknisk verksamhet" },
                new UnitKind { Code = "kultur-fritid", Name = "Kultur och fritid" });
        });
    }
}
