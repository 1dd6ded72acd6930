using Microsoft.EntityFrameworkCore;
using Nacka.Messaging;

namespace Nacka.Mandates.Data;

/// <summary>The Mandates service's own database (<c>mandatesdb</c>); no other service reads its tables.</summary>
public sealed class MandatesDbContext(DbContextOptions<MandatesDbContext> options) : DbContext(options)
{
    public const string ConnectionName = "mandatesdb";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("mandates");
        modelBuilder.AddMessagingTables();
    }
}
