using System.Text.RegularExpressions;
using Xunit;

namespace Nacka.Testing;

/// <summary>
/// The rulebook kit: every rule code a service's domain can answer with
/// (<c>DomainError.Conflict("code", …)</c> in <c>services/&lt;Service&gt;/Domain</c>, collected from
/// the source, never listed by hand) must be asserted by one of the service's domain tests
/// (<c>tests/&lt;Service&gt;.Tests/Domain</c>, no database). A new rule without a test fails here,
/// naming it. Derive once per service.
/// </summary>
public abstract partial class RuleCoverageTests
{
    /// <summary>The service's folder name under <c>services/</c> (and <c>tests/&lt;Service&gt;.Tests</c>).</summary>
    protected abstract string Service { get; }

    [GeneratedRegex("""DomainError\.Conflict\(\s*"(?<code>[a-z0-9-]+)"|DomainError\.Conflict\(\s*(?<constant>[A-Z]\w*)""")]
    private static partial Regex ConflictPattern();

    [Fact]
    public void Every_rule_code_of_the_domain_is_asserted_by_a_domain_test()
    {
        var root = Repository.Root();
        var codes = RuleCodes(Path.Combine(root, "services", Service, "Domain"));
        var tests = Path.Combine(root, "tests", $"{Service}.Tests", "Domain");
        var testText = Directory.Exists(tests) ? string.Concat(Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Select(File.ReadAllText)) : "";

        Assert.NotEmpty(codes);
        var untested = codes.Where(code => !testText.Contains($"\"{code}\"", StringComparison.Ordinal)).ToList();
        Assert.True(untested.Count == 0, $"{Service}: rule codes no domain test asserts: {string.Join(", ", untested)}");
    }

    /// <summary>Codes written as literals; a code held in a constant would hide from the kit, so one fails it.</summary>
    public static IReadOnlyList<string> RuleCodes(string domainFolder)
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(domainFolder, "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match match in ConflictPattern().Matches(File.ReadAllText(file)))
            {
                Assert.False(match.Groups["constant"].Success,
                    $"{Path.GetFileName(file)}: write rule codes as literals so the rulebook kit sees them ({match.Value}).");
                codes.Add(match.Groups["code"].Value);
            }
        }

        return [.. codes];
    }
}
