namespace Nacka.Units.Data;

/// <summary>
/// An external identifier held by a unit whose dissolution is not recorded. The key (scheme,
/// value) is the rule "no two such units share an identifier", kept by the database.
/// </summary>
public sealed class UnitIdentifierClaim
{
    public string Scheme { get; set; } = "";
    public string Value { get; set; } = "";
    public Guid UnitId { get; set; }
}
