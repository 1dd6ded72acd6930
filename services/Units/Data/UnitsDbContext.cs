using Microsoft.EntityFrameworkCore;
using Nacka.Messaging;
using Nacka.Records.Idempotency;
using Nacka.Records.Paging;
using Nacka.Records.Revisions;
using Nacka.Rules;
using Nacka.Records.Writes;
using Nacka.Units.Managers;

namespace Nacka.Units.Data;

/// <summary>The Units service's own database (<c>unitsdb</c>); no other service reads its tables.</summary>
public sealed class UnitsDbContext(DbContextOptions<UnitsDbContext> options) : DbContext(options), IUniqueRules
{
    public const string ConnectionName = "unitsdb";

    /// <summary>One unit per name on any day (compared as <see cref="DatedUniqueness.NameKey"/>).</summary>
    public static readonly DatedUniqueness NameDays = new("units", "unit_name_days", "unit_revisions", "UnitId",
        nameof(UnitRecord.EstablishedOn), nameof(UnitRecord.DissolvedOn),
        $"SELECT {DatedUniqueness.NameKey("r.\"Name\"")} AS key");

    /// <summary>One unit per identifier (scheme and value) on any day.</summary>
    public static readonly DatedUniqueness IdentifierDays = new("units", "unit_identifier_days", "unit_revisions", "UnitId",
        nameof(UnitRecord.EstablishedOn), nameof(UnitRecord.DissolvedOn),
        "SELECT (i->>'scheme') || ':' || (i->>'value') AS key FROM jsonb_array_elements(r.\"Identifiers\") i");

    public const string UniqueKind = "pk_unit_kinds";

    private RecordSet<UnitRevision, CurrentUnit>? _units;
    private RecordSet<DirectorRevision, CurrentDirectorPost>? _directors;

    /// <summary>Units: revisions and current rows.</summary>
    public RecordSet<UnitRevision, CurrentUnit> Units => _units ??= new(this);

    /// <summary>Director posts: revisions and current rows.</summary>
    public RecordSet<DirectorRevision, CurrentDirectorPost> Directors => _directors ??= new(this);

    public DbSet<UnitKind> UnitKinds => Set<UnitKind>();

    /// <summary>Read model: who leads each unit, from the Mandates events.</summary>
    public DbSet<UnitManager> UnitManagers => Set<UnitManager>();

    public DomainError? Explain(string? constraintName) => constraintName switch
    {
        _ when constraintName == NameDays.Constraint => DomainError.Conflict("duplicate-name", "Another unit has this name on one of these days."),
        _ when constraintName == IdentifierDays.Constraint => DomainError.Conflict("duplicate-identifier",
            "Another unit has this identifier on one of these days."),
        UniqueKind => DomainError.Conflict("duplicate-kind", "This unit kind exists."),
        _ => null,
    };

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("units");
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyKeys();
        modelBuilder.AddNameSearch();

        modelBuilder.Entity<UnitRevision>(unit =>
        {
            unit.IsRevisionTable("unit_revisions", "UnitId");
            ConfigureUnitColumns(unit);
        });

        modelBuilder.Entity<CurrentUnit>(unit =>
        {
            unit.IsCurrentTable("units", "UnitId");
            ConfigureUnitColumns(unit);
            unit.HasIndex(u => u.DirectorPostId);
            unit.HasIndex(u => new { u.Kind, u.Name });
            unit.HasIndex(u => new { u.Name, u.EntityId });
        });

        modelBuilder.Entity<DirectorRevision>(director =>
        {
            director.IsRevisionTable("director_revisions", "PostId");
            director.Property(r => r.Holders).HasColumnType("jsonb");
            director.Property(r => r.Title).HasMaxLength(200);
        });

        modelBuilder.Entity<CurrentDirectorPost>(director =>
        {
            director.IsCurrentTable("director_posts", "PostId");
            director.Property(r => r.Holders).HasColumnType("jsonb");
            director.Property(r => r.Title).HasMaxLength(200);
        });

        modelBuilder.Entity<UnitManager>(manager =>
        {
            manager.ToTable("unit_managers");
            manager.HasKey(m => m.MandateId);
            manager.HasIndex(m => new { m.UnitId, m.ValidFrom });
            manager.Property(m => m.HolderName).HasMaxLength(200);
            manager.Property(m => m.Title).HasMaxLength(30);
            manager.Property(m => m.DecidedBy).HasMaxLength(200);
        });

        modelBuilder.Entity<UnitKind>(kind =>
        {
            kind.ToTable("unit_kinds");
            kind.HasKey(k => k.Code).HasName(UniqueKind);
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

    private static void ConfigureUnitColumns<TUnit>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<TUnit> unit) where TUnit : UnitRecord
    {
        unit.Property(r => r.Identifiers).HasColumnType("jsonb");
        unit.Property(r => r.VisitingAddress).HasColumnType("jsonb");
        unit.Property(r => r.Contact).HasColumnType("jsonb");
        unit.Property(r => r.Name).HasMaxLength(200);
        unit.Property(r => r.Kind).HasMaxLength(50);
        unit.HasFoldedNames(nameof(UnitRecord.Name), nameof(UnitRecord.EnglishName), nameof(UnitRecord.ShortName));
    }
}
