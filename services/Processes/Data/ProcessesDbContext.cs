using Microsoft.EntityFrameworkCore;
using Nacka.Messaging;

namespace Nacka.Processes.Data;

/// <summary>The Processes service's own database (<c>processesdb</c>); no other service reads its tables.</summary>
public sealed class ProcessesDbContext(DbContextOptions<ProcessesDbContext> options) : DbContext(options)
{
    public const string ConnectionName = "processesdb";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("processes");
        modelBuilder.AddMessagingTables();
    }
}
