namespace Nacka.Units.Domain;

/// <summary>How residents reach a unit.</summary>
public sealed record Contact(string? Phone, string? Email, string? Web);
