using Nacka.Rules.Identifiers;
using Nacka.Contracts.Units;

using Nacka.Rules;

namespace Nacka.Units.Domain;

/// <summary>What a registrar supplies for a unit, before validation.</summary>
public sealed record UnitDetailsInput(
    string? EnglishName,
    string? ShortName,
    string? Kind,
    string? ManagerTitle,
    IReadOnlyList<(string? Scheme, string? Value)>? Identifiers,
    Address? VisitingAddress,
    Contact? Contact);

/// <summary>Validated details.</summary>
public sealed record UnitDetails(string? EnglishName, string? ShortName, string Kind, ManagerTitle ManagerTitle,
    IReadOnlyList<UnitIdentifier> Identifiers, Address? VisitingAddress, Contact? Contact);

public static class UnitDetailsRules
{
    public const int MaxNameLength = 200;

    /// <summary>Checks a unit name; <paramref name="field"/> names it in errors.</summary>
    public static DomainError? CheckName(string? name, string field = "name") =>
        string.IsNullOrWhiteSpace(name) ? DomainError.Invalid(field, "A name is required.")
        : name.Trim().Length > MaxNameLength ? DomainError.Invalid(field, $"At most {MaxNameLength} characters.")
        : null;

    public static Outcome<UnitDetails> Validate(UnitDetailsInput input, IReadOnlySet<string> knownKinds, string prefix = "")
    {
        var errors = new List<DomainError>();
        if (string.IsNullOrWhiteSpace(input.Kind) || !knownKinds.Contains(input.Kind.Trim()))
        {
            errors.Add(DomainError.Invalid(prefix + "kind",
                $"Kind must be one of: {string.Join(", ", knownKinds.Order())} (add new kinds with POST /api/units/kinds)."));
        }

        if (!Enum.TryParse<ManagerTitle>(input.ManagerTitle, ignoreCase: true, out var title) || !Enum.IsDefined(title)
            || int.TryParse(input.ManagerTitle, out _))
        {
            errors.Add(DomainError.Invalid(prefix + "managerTitle", "Manager title must be Enhetschef, Rektor or Verksamhetschef."));
        }

        foreach (var (field, value) in new[] { ("englishName", input.EnglishName), ("shortName", input.ShortName) })
        {
            if (value is { Length: > MaxNameLength })
            {
                errors.Add(DomainError.Invalid(prefix + field, $"At most {MaxNameLength} characters."));
            }
        }

        var identifiers = new List<UnitIdentifier>();
        var given = input.Identifiers ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            var (identifier, error) = Identifiers.Normalise(given[i].Scheme, given[i].Value);
            if (error is not null)
            {
                errors.Add(DomainError.Invalid($"{prefix}identifiers[{i}]", error));
            }
            else if (identifiers.Any(x => x.Scheme == identifier!.Scheme))
            {
                errors.Add(DomainError.Invalid($"{prefix}identifiers[{i}]", $"Only one {identifier!.Scheme} per unit."));
            }
            else
            {
                identifiers.Add(new UnitIdentifier(identifier!.Scheme, identifier.Value));
            }
        }

        if (input.VisitingAddress is { } address && (string.IsNullOrWhiteSpace(address.Street) || string.IsNullOrWhiteSpace(address.City)
            || !System.Text.RegularExpressions.Regex.IsMatch(address.PostalCode ?? "", @"^\d{3} ?\d{2}$")))
        {
            errors.Add(DomainError.Invalid(prefix + "visitingAddress", "A visiting address needs street, city and a Swedish postal code (NNN NN)."));
        }

        if (input.Contact?.Email is { } email && !email.Contains('@', StringComparison.Ordinal))
        {
            errors.Add(DomainError.Invalid(prefix + "contact.email", "Not an e-mail address."));
        }

        return errors.Count > 0
            ? Outcome<UnitDetails>.Failure(errors)
            : Outcome<UnitDetails>.Success(new UnitDetails(Trim(input.EnglishName), Trim(input.ShortName), input.Kind!.Trim(), title, identifiers,
                input.VisitingAddress, input.Contact));
    }

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
