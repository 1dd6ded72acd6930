using Nacka.Testing;

namespace Nacka.Processes.Tests.Domain;

/// <summary>Every rule code of Processes' domain has a domain test.</summary>
public sealed class RuleCoverage : RuleCoverageTests
{
    protected override string Service => "Processes";
}
