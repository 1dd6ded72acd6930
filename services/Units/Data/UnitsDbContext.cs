using Microsoft.EntityFrameworkCore;
using Nacka.Messaging;

namespace Nacka.Units.Data;

/// <summary>The Units service's own database (<c>unitsdb</c>); no other service reads its tables.</summary>
public sealed class UnitsDbContext(DbContextOptions<UnitsDbContext> options) : DbContext(options)
{
    public const string ConnectionName = "unitsdb";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("units");
        modelBuilder.AddMessagingTables();
    }
}
