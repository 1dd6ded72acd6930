using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nacka.Messaging;
using Nacka.Records.Idempotency;
using Nacka.Records.Paging;
using Nacka.Records.Revisions;
using Nacka.Rules;
using Nacka.Records.Writes;

namespace Nacka.Mandates.Data;

/// <summary>The Mandates service's own database (<c>mandatesdb</c>); no other service reads its tables.</summary>
public sealed class MandatesDbContext(DbContextOptions<MandatesDbContext> options) : DbContext(options), IUniqueRules
{
    public const string ConnectionName = "mandatesdb";
    public const string OneOpenMandate = "ux_mandates_one_open_per_unit";

    /// <summary>The exclusion constraint (migration OneMandatePerUnitPerDay) that no two of a unit's mandates hold on one day.</summary>
    public const string OneMandatePerDay = "ex_mandates_one_per_unit_per_day";

    private RecordSet<MandateRevision, CurrentMandate>? _mandates;

    public RecordSet<MandateRevision, CurrentMandate> Mandates => _mandates ??= new(this);

    /// <summary>Read model: units, from the Units events.</summary>
    public DbSet<KnownUnit> KnownUnits => Set<KnownUnit>();

    /// <summary>Read model: committees, from the Committees events.</summary>
    public DbSet<KnownCommittee> KnownCommittees => Set<KnownCommittee>();

    public DomainError? Explain(string? constraintName) => constraintName switch
    {
        OneOpenMandate => DomainError.Conflict("unit-has-mandate",
            "Another grant for this unit was recorded at the same time; read the unit's current mandate and retry."),
        OneMandatePerDay => DomainError.Conflict("overlaps-mandate",
            "Another of the unit's mandates holds on one of these days: one mandate leads a unit on any day."),
        _ => null,
    };

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("mandates");
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyKeys();
        modelBuilder.AddNameSearch();

        modelBuilder.Entity<MandateRevision>(mandate =>
        {
            mandate.IsRevisionTable("mandate_revisions", "MandateId");
            Configure(mandate);
        });

        modelBuilder.Entity<CurrentMandate>(mandate =>
        {
            mandate.IsCurrentTable("mandates", "MandateId");
            Configure(mandate);
            mandate.HasIndex(m => m.UnitId).IsUnique().HasFilter("\"EndedOn\" IS NULL").HasDatabaseName(OneOpenMandate);
            mandate.HasIndex(m => new { m.UnitId, m.MandateFrom });
            mandate.HasIndex(m => m.HolderName);
            // The expiry job's search: open mandates with a last day.
            mandate.HasIndex(m => m.MandateTo).HasFilter("\"EndedOn\" IS NULL AND \"MandateTo\" IS NOT NULL");
        });

        modelBuilder.Entity<KnownUnit>(unit =>
        {
            unit.ToTable("known_units");
            unit.HasKey(u => u.UnitId);
            unit.Property(u => u.Name).HasMaxLength(200);
            unit.Property(u => u.ManagerTitle).HasMaxLength(30);
            unit.Property(u => u.Names).HasColumnType("jsonb");
            unit.Property(u => u.ManagerTitles).HasColumnType("jsonb");
        });

        modelBuilder.Entity<KnownCommittee>(committee =>
        {
            committee.ToTable("known_committees");
            committee.HasKey(c => c.CommitteeId);
            committee.Property(c => c.Name).HasMaxLength(200);
        });
    }

    private static void Configure<T>(EntityTypeBuilder<T> mandate) where T : MandateRecord
    {
        mandate.Property(m => m.HolderName).HasMaxLength(200);
        mandate.Property(m => m.EmployeeId).HasMaxLength(50);
        mandate.Property(m => m.Title).HasMaxLength(30);
        mandate.Property(m => m.EndReason).HasMaxLength(30);
        mandate.HasFoldedNames(nameof(MandateRecord.HolderName));
    }
}
