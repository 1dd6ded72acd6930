using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nacka.Messaging;
using Nacka.Records.Idempotency;
using Nacka.Records.Paging;
using Nacka.Records.Revisions;
using Nacka.Rules;
using Nacka.Records.Writes;

namespace Nacka.Committees.Data;

/// <summary>The Committees service's own database (<c>committeesdb</c>); no other service reads its tables.</summary>
public sealed class CommitteesDbContext(DbContextOptions<CommitteesDbContext> options) : DbContext(options), IUniqueRules
{
    public const string ConnectionName = "committeesdb";

    /// <summary>One committee per name on any day (compared as <see cref="DatedUniqueness.NameKey"/>).</summary>
    public static readonly DatedUniqueness NameDays = new("committees", "committee_name_days", "committee_revisions", "CommitteeId",
        nameof(CommitteeRecord.EstablishedOn), nameof(CommitteeRecord.DissolvedOn), $"SELECT {DatedUniqueness.NameKey("r.\"Name\"")} AS key");

    /// <summary>One executive board (kommunstyrelsen) on any day.</summary>
    public static readonly DatedUniqueness ExecutiveBoardDays = new("committees", "executive_board_days", "committee_revisions", "CommitteeId",
        nameof(CommitteeRecord.EstablishedOn), nameof(CommitteeRecord.DissolvedOn), "SELECT 'executive-board' AS key WHERE r.\"Kind\" = 'ExecutiveBoard'");

    public const string OneContinuation = "ux_assignments_continues";

    private RecordSet<CommitteeRevision, CurrentCommittee>? _committees;
    private RecordSet<AssignmentRevision, CurrentAssignment>? _assignments;

    public RecordSet<CommitteeRevision, CurrentCommittee> Committees => _committees ??= new(this);

    public RecordSet<AssignmentRevision, CurrentAssignment> Assignments => _assignments ??= new(this);

    /// <summary>Read model: units, from the Units events.</summary>
    public DbSet<KnownUnit> KnownUnits => Set<KnownUnit>();

    /// <summary>Read model: director posts, from the Units events.</summary>
    public DbSet<KnownDirectorPost> KnownDirectorPosts => Set<KnownDirectorPost>();

    public DomainError? Explain(string? constraintName) => constraintName switch
    {
        _ when constraintName == NameDays.Constraint => DomainError.Conflict("duplicate-name", "Another committee has this name on one of these days."),
        _ when constraintName == ExecutiveBoardDays.Constraint
            => DomainError.Conflict("executive-board-exists", "There is already an executive board (kommunstyrelsen) on one of these days: dissolve it first."),
        OneContinuation => DomainError.Conflict("already-continued", "Another assignment already continues that assignment."),
        _ => null,
    };

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("committees");
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyKeys();
        modelBuilder.AddNameSearch();

        modelBuilder.Entity<CommitteeRevision>(committee =>
        {
            committee.IsRevisionTable("committee_revisions", "CommitteeId");
            ConfigureCommitteeColumns(committee);
        });

        modelBuilder.Entity<CurrentCommittee>(committee =>
        {
            committee.IsCurrentTable("committees", "CommitteeId");
            ConfigureCommitteeColumns(committee);
        });

        modelBuilder.Entity<AssignmentRevision>(assignment =>
        {
            assignment.IsRevisionTable("assignment_revisions", "AssignmentId");
            ConfigureAssignmentColumns(assignment);
        });

        modelBuilder.Entity<CurrentAssignment>(assignment =>
        {
            assignment.IsCurrentTable("assignments", "AssignmentId");
            ConfigureAssignmentColumns(assignment);
            assignment.HasIndex(a => new { a.UnitId, a.Status });
            assignment.HasIndex(a => new { a.CommitteeId, a.Status });
            assignment.HasIndex(a => a.ResponsibleDirectorPostId);
            assignment.HasIndex(a => a.ContinuesAssignmentId).IsUnique().HasFilter("\"ContinuesAssignmentId\" IS NOT NULL").HasDatabaseName(OneContinuation);
        });

        modelBuilder.Entity<KnownUnit>(unit =>
        {
            unit.ToTable("known_units");
            unit.HasKey(u => u.UnitId);
            unit.Property(u => u.Name).HasMaxLength(200);
            unit.Property(u => u.ReportingLine).HasColumnType("jsonb");
            unit.Property(u => u.Names).HasColumnType("jsonb");
        });

        modelBuilder.Entity<KnownDirectorPost>(post =>
        {
            post.ToTable("known_director_posts");
            post.HasKey(p => p.PostId);
            post.Property(p => p.Title).HasMaxLength(200);
            post.Property(p => p.HolderName).HasMaxLength(200);
            post.Property(p => p.Holders).HasColumnType("jsonb");
        });
    }

    private static void ConfigureCommitteeColumns<T>(EntityTypeBuilder<T> committee) where T : CommitteeRecord
    {
        committee.Property(c => c.Name).HasMaxLength(200);
        committee.Property(c => c.Kind).HasMaxLength(30);
        committee.Property(c => c.Links).HasColumnType("jsonb");
        committee.HasFoldedNames(nameof(CommitteeRecord.Name));
    }

    private static void ConfigureAssignmentColumns<T>(EntityTypeBuilder<T> assignment) where T : AssignmentRecord
    {
        assignment.Property(a => a.Title).HasMaxLength(300);
        assignment.Property(a => a.Status).HasMaxLength(20);
        assignment.Property(a => a.AssignmentDecision).HasColumnType("jsonb");
    }
}
