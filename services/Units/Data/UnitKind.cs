using Microsoft.EntityFrameworkCore;

namespace Nacka.Units.Data;

/// <summary>A unit kind (förskola, grundskola...): reference data registrars can extend.</summary>
public sealed class UnitKind
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
}

public static class UnitKinds
{
    /// <summary>The kind codes a unit may have (read once per write, however many units it establishes).</summary>
    public static async Task<IReadOnlySet<string>> KnownKindsAsync(this UnitsDbContext db, CancellationToken cancellationToken) =>
        (await db.UnitKinds.Select(k => k.Code).ToListAsync(cancellationToken)).ToHashSet();
}
