namespace Nacka.Committees.Data;

/// <summary>For <c>dotnet ef</c>: builds the model offline.</summary>
internal sealed class DesignTimeFactory() : Nacka.Persistence.DesignTimeFactory<CommitteesDbContext>(CommitteesDbContext.ConnectionName);
