namespace Nacka.Units.Domain;

public enum UnitStatus
{
    Planned,
    Active,
    Dissolved,
}
