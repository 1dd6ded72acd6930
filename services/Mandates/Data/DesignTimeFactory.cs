using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Nacka.Mandates.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service or a database.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<MandatesDbContext>
{
    public MandatesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MandatesDbContext>().UseNpgsql("Host=localhost;Database=mandatesdb").Options);
}
