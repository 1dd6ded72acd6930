using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nacka.Messaging;
using Nacka.Records.Idempotency;
using Nacka.Records.Paging;
using Nacka.Records.Revisions;
using Nacka.Rules;
using Nacka.Records.Writes;

namespace Nacka.Processes.Data;

/// <summary>The Processes service's own database (<c>processesdb</c>); no other service reads its tables.</summary>
public sealed class ProcessesDbContext(DbContextOptions<ProcessesDbContext> options) : DbContext(options), IUniqueRules
{
    public const string ConnectionName = "processesdb";

    /// <summary>One process per name on any day (compared as <see cref="DatedUniqueness.NameKey"/>).</summary>
    public static readonly DatedUniqueness NameDays = new("processes", "process_name_days", "process_revisions", "ProcessId",
        nameof(ProcessRecord.EstablishedOn), nameof(ProcessRecord.EndedOn), $"SELECT {DatedUniqueness.NameKey("r.\"Name\"")} AS key");

    private RecordSet<ProcessRevision, CurrentProcess>? _processes;

    public RecordSet<ProcessRevision, CurrentProcess> Processes => _processes ??= new(this);

    /// <summary>Read model: units, from the Units events.</summary>
    public DbSet<KnownUnit> KnownUnits => Set<KnownUnit>();

    /// <summary>Read model: director posts and their holders, from the Units events.</summary>
    public DbSet<KnownDirectorPost> KnownDirectorPosts => Set<KnownDirectorPost>();

    /// <summary>Read model: managers' mandates, from the Mandates events.</summary>
    public DbSet<KnownMandate> KnownMandates => Set<KnownMandate>();

    public DomainError? Explain(string? constraintName) => constraintName switch
    {
        _ when constraintName == NameDays.Constraint => DomainError.Conflict("duplicate-name", "Another process has this name on one of these days."),
        _ => null,
    };

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("processes");
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyKeys();
        modelBuilder.AddNameSearch();

        modelBuilder.Entity<ProcessRevision>(process =>
        {
            process.IsRevisionTable("process_revisions", "ProcessId");
            Configure(process);
        });

        modelBuilder.Entity<CurrentProcess>(process =>
        {
            process.IsCurrentTable("processes", "ProcessId");
            Configure(process);
        });

        modelBuilder.Entity<KnownUnit>(unit =>
        {
            unit.ToTable("known_units");
            unit.HasKey(u => u.UnitId);
            unit.Property(u => u.Name).HasMaxLength(200);
            unit.Property(u => u.Names).HasColumnType("jsonb");
        });

        modelBuilder.Entity<KnownDirectorPost>(post =>
        {
            post.ToTable("known_director_posts");
            post.HasKey(p => p.PostId);
            post.Property(p => p.Title).HasMaxLength(200);
            post.Property(p => p.Holders).HasColumnType("jsonb");
        });

        modelBuilder.Entity<KnownMandate>(mandate =>
        {
            mandate.ToTable("known_mandates");
            mandate.HasKey(m => m.MandateId);
            mandate.HasIndex(m => m.UnitId);
            mandate.Property(m => m.HolderName).HasMaxLength(200);
        });
    }

    private static void Configure<T>(EntityTypeBuilder<T> process) where T : ProcessRecord
    {
        process.Property(p => p.Name).HasMaxLength(200);
        process.Property(p => p.Kind).HasMaxLength(20);
        foreach (var json in new[] { nameof(ProcessRecord.Owners), nameof(ProcessRecord.Units), nameof(ProcessRecord.Actors),
            nameof(ProcessRecord.ManagementGroup) })
        {
            process.Property(json).HasColumnType("jsonb");
        }

        process.HasFoldedNames(nameof(ProcessRecord.Name));
    }
}
