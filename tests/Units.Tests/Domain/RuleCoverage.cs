using Nacka.Testing;

namespace Nacka.Units.Tests.Domain;

/// <summary>Every rule code of Units' domain has a domain test.</summary>
public sealed class RuleCoverage : RuleCoverageTests
{
    protected override string Service => "Units";
}
