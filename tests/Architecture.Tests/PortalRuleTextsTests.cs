using System.Text.RegularExpressions;
using Xunit;

namespace Nacka.Architecture.Tests;

/// <summary>Every rule code a service's domain can answer has Swedish words in the workspace (the code stays in the API).</summary>
public sealed partial class PortalRuleTextsTests
{
    [Fact]
    public void Every_rule_code_in_the_services_has_a_Swedish_text_in_the_portal()
    {
        var root = Nacka.Testing.Repository.Root();
        var codes = Directory.EnumerateFiles(Path.Combine(root, "services"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(f => ConflictCode().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        var texts = File.ReadAllText(Path.Combine(root, "portal", "Register", "RuleTexts.cs"));

        Assert.NotEmpty(codes);
        Assert.Empty(codes.Where(code => !texts.Contains($"[\"{code}\"]", StringComparison.Ordinal)).Order());
    }

    [GeneratedRegex(@"Conflict\(""([a-z-]+)""")]
    private static partial Regex ConflictCode();
}
