using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Nacka.Units.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service or a database.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<UnitsDbContext>
{
    public UnitsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<UnitsDbContext>().UseNpgsql("Host=localhost;Database=unitsdb").Options);
}
