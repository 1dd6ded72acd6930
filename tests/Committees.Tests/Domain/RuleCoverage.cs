using Nacka.Testing;

namespace Nacka.Committees.Tests.Domain;

/// <summary>Every rule code of Committees' domain has a domain test.</summary>
public sealed class RuleCoverage : RuleCoverageTests
{
    protected override string Service => "Committees";
}
