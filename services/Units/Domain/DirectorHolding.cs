namespace Nacka.Units.Domain;

/// <summary>Someone holding a director post from a date, until a date (exclusive) or still.</summary>
public sealed record DirectorHolding(string Name, DateOnly From, DateOnly? To)
{
    public bool HoldsOn(DateOnly date) => From <= date && (To is null || date < To);
}
