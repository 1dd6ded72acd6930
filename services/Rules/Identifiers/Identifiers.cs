using System.Text.RegularExpressions;
namespace Nacka.Rules.Identifiers;

/// <summary>An external identifier, normalised: its scheme and value.</summary>
public sealed record Identifier(string Scheme, string Value);

/// <summary>
/// External identifier schemes and their checks. Known schemes are validated strictly; any other
/// lower-case scheme (e.g. <c>kostnadsstalle</c>) is accepted with a non-empty value.
/// </summary>
public static partial class Identifiers
{
    public const string Organisationsnummer = "organisationsnummer";
    public const string Skolenhetskod = "skolenhetskod";
    public const string HsaId = "hsa-id";

    [GeneratedRegex(@"^\d{6}-?\d{4}$")]
    private static partial Regex OrganisationsnummerPattern();

    [GeneratedRegex(@"^\d{8}$")]
    private static partial Regex SkolenhetskodPattern();

    [GeneratedRegex(@"^SE(\d{10})-[A-Za-z0-9]+$")]
    private static partial Regex HsaIdPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9-]{1,49}$")]
    private static partial Regex SchemePattern();

    /// <summary>Validates and normalises one identifier; the error message says what is expected.</summary>
    public static (Identifier? Identifier, string? Error) Normalise(string? scheme, string? value)
    {
        scheme = scheme?.Trim().ToLowerInvariant();
        value = value?.Trim();
        if (string.IsNullOrEmpty(scheme) || !SchemePattern().IsMatch(scheme))
        {
            return (null, "Scheme must be lower-case letters, digits or dashes, e.g. organisationsnummer, skolenhetskod, hsa-id.");
        }

        if (string.IsNullOrEmpty(value))
        {
            return (null, "Value is required.");
        }

        switch (scheme)
        {
            case Organisationsnummer:
                if (!OrganisationsnummerPattern().IsMatch(value))
                {
                    return (null, "An organisationsnummer has 10 digits, written NNNNNN-NNNN.");
                }

                var digits = value.Replace("-", "", StringComparison.Ordinal);
                return LuhnValid(digits)
                    ? (new Identifier(scheme, $"{digits[..6]}-{digits[6..]}"), null)
                    : (null, "The organisationsnummer's check digit (Luhn) does not match.");
            case Skolenhetskod:
                return SkolenhetskodPattern().IsMatch(value)
                    ? (new Identifier(scheme, value), null)
                    : (null, "A skolenhetskod has exactly 8 digits.");
            case HsaId:
                var candidate = value.Length >= 2 ? value[..2].ToUpperInvariant() + value[2..] : value;
                var hsa = HsaIdPattern().Match(candidate);
                if (!hsa.Success || candidate.Length > 31)
                {
                    return (null, "An HSA-id is SE, a 10-digit organisationsnummer, a dash and a suffix, at most 31 characters (SE2120000167-ABC1).");
                }

                return LuhnValid(hsa.Groups[1].Value)
                    ? (new Identifier(scheme, candidate), null)
                    : (null, "The organisationsnummer inside the HSA-id fails its check digit (Luhn).");
            default:
                return value.Length <= 100 ? (new Identifier(scheme, value), null) : (null, "At most 100 characters.");
        }
    }

    /// <summary>An organisationsnummer checked (10 digits, Luhn) and written NNNNNN-NNNN, or what is wrong with it.</summary>
    public static (string? Value, string? Error) CheckOrganisationsnummer(string? value)
    {
        var (identifier, error) = Normalise(Organisationsnummer, value);
        return (identifier?.Value, error);
    }

    /// <summary>Luhn (mod 10) over all digits, the last being the check digit, as Skatteverket specifies.</summary>
    public static bool LuhnValid(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (d is < 0 or > 9)
            {
                return false;
            }

            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return digits.Length > 0 && sum % 10 == 0;
    }
}
