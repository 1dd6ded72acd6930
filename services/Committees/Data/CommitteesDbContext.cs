using Microsoft.EntityFrameworkCore;
using Nacka.Messaging;

namespace Nacka.Committees.Data;

/// <summary>The Committees service's own database (<c>committeesdb</c>); no other service reads its tables.</summary>
public sealed class CommitteesDbContext(DbContextOptions<CommitteesDbContext> options) : DbContext(options)
{
    public const string ConnectionName = "committeesdb";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("committees");
        modelBuilder.AddMessagingTables();
    }
}
