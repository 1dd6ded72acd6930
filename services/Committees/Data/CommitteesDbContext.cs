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
    public const string UniqueName = "ux_committees_name_not_dissolved";
    public const string OneExecutiveBoard = "ux_committees_one_executive_board";
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
        UniqueName => DomainError.Conflict("duplicate-name", "Another committee that is not dissolved has this name."),
        OneExecutiveBoard => DomainError.Conflict("executive-board-exists", "There is already an executive board (kommunstyrelsen): dissolve it first."),
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
            committee.Property(c => c.NameKey).HasMaxLength(200).HasComputedColumnSql("lower(\"Name\")", stored: true);
            committee.HasIndex(c => c.NameKey).IsUnique().HasFilter("\"DissolvedOn\" IS NULL").HasDatabaseName(UniqueName);
            committee.HasIndex(c => c.Kind).IsUnique().HasFilter("\"Kind\" = 'ExecutiveBoard' AND \"DissolvedOn\" IS NULL").HasDatabaseName(OneExecutiveBoard);
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
    }

    private static void ConfigureAssignmentColumns<T>(EntityTypeBuilder<T> assignment) where T : AssignmentRecord
    {
        assignment.Property(a => a.Title).HasMaxLength(300);
        assignment.Property(a => a.Status).HasMaxLength(20);
        assignment.Property(a => a.AssignmentDecision).HasColumnType("jsonb");
    }
}
