using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Nacka.Committees.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service or a database.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CommitteesDbContext>
{
    public CommitteesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CommitteesDbContext>().UseNpgsql("Host=localhost;Database=committeesdb").Options);
}
