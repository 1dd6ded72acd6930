using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Nacka.Processes.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service or a database.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ProcessesDbContext>
{
    public ProcessesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ProcessesDbContext>().UseNpgsql("Host=localhost;Database=processesdb").Options);
}
