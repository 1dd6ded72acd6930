namespace Nacka.Units.Data;

/// <summary>For <c>dotnet ef</c>: builds the model offline.</summary>
internal sealed class DesignTimeFactory() : Nacka.Persistence.DesignTimeFactory<UnitsDbContext>(UnitsDbContext.ConnectionName);
