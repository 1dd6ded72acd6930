using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Nacka.Persistence;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build a service's model without starting the service or a
/// database. Each service declares one line: <c>class DesignTimeFactory() : DesignTimeFactory&lt;UnitsDbContext&gt;("unitsdb")</c>.
/// </summary>
public abstract class DesignTimeFactory<TContext>(string database) : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    public TContext CreateDbContext(string[] args) =>
        (TContext)Activator.CreateInstance(typeof(TContext), new DbContextOptionsBuilder<TContext>().UseNpgsql($"Host=localhost;Database={database}").Options)!;
}
