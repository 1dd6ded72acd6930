using Nacka.Rules.Identifiers;
using Xunit;

namespace Nacka.Units.Tests.Domain;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("212000-0167", "212000-0167")] // Nacka kommun
    [InlineData("2120000167", "212000-0167")]
    [InlineData("556036-0793", "556036-0793")]
    public void A_valid_organisationsnummer_is_accepted_and_written_with_a_dash(string given, string normalised)
    {
        var (identifier, error) = Identifiers.Normalise("organisationsnummer", given);

        Assert.Null(error);
        Assert.Equal(normalised, identifier!.Value);
    }

    [Theory]
    [InlineData("212000-0168", "check digit")]
    [InlineData("21200-0167", "10 digits")]
    [InlineData("ABCDEF-0167", "10 digits")]
    public void An_invalid_organisationsnummer_is_rejected_with_what_is_wrong(string given, string expected)
    {
        var (identifier, error) = Identifiers.Normalise("organisationsnummer", given);

        Assert.Null(identifier);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("skolenhetskod", "12345678", true)]
    [InlineData("skolenhetskod", "1234567", false)]
    [InlineData("skolenhetskod", "1234567a", false)]
    [InlineData("hsa-id", "SE2120000167-ABC1", true)]
    [InlineData("hsa-id", "se2120000167-abc1", true)]
    [InlineData("hsa-id", "SE2120000168-ABC1", false)]
    [InlineData("hsa-id", "SE2120000167-THISSUFFIXISTOOLONG", false)]
    [InlineData("kostnadsstalle", "K-4711", true)]
    [InlineData("Bad Scheme", "x", false)]
    [InlineData("kostnadsstalle", " ", false)]
    public void Each_scheme_checks_its_own_format(string scheme, string value, bool valid)
    {
        var (identifier, error) = Identifiers.Normalise(scheme, value);

        Assert.Equal(valid, identifier is not null);
        Assert.Equal(valid, error is null);
    }
}
