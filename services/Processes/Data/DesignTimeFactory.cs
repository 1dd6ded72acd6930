namespace Nacka.Processes.Data;

/// <summary>For <c>dotnet ef</c>: builds the model offline.</summary>
internal sealed class DesignTimeFactory() : Nacka.Persistence.DesignTimeFactory<ProcessesDbContext>(ProcessesDbContext.ConnectionName);
