namespace Nacka.Units.Data;

/// <summary>A unit kind (förskola, grundskola...): reference data registrars can extend.</summary>
public sealed class UnitKind
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
}
