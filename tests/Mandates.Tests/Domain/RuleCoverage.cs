using Nacka.Testing;

namespace Nacka.Mandates.Tests.Domain;

/// <summary>Every rule code of Mandates' domain has a domain test.</summary>
public sealed class RuleCoverage : RuleCoverageTests
{
    protected override string Service => "Mandates";
}
