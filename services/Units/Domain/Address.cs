namespace Nacka.Units.Domain;

/// <summary>A unit's visiting address (besöksadress).</summary>
public sealed record Address(string Street, string PostalCode, string City);
