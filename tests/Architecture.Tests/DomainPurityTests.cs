using System.Reflection;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NetArchTest.Rules;
using Xunit;

namespace Nacka.Architecture.Tests;

/// <summary>
/// Every service's <c>Domain</c> is its rulebook: pure functions over the rule vocabulary
/// (<c>Nacka.Rules</c>), the public contracts and the base library. A rule that reached for the
/// database, the request, the network or the clock — or minted its own ids — could no longer be
/// tested as a function, so these tests fail the build when one does.
/// </summary>
public sealed class DomainPurityTests
{
    private static readonly Dictionary<string, Assembly> Services = new()
    {
        ["Nacka.Units"] = typeof(Nacka.Units.Data.UnitsDbContext).Assembly,
        ["Nacka.Processes"] = typeof(Nacka.Processes.Data.ProcessesDbContext).Assembly,
        ["Nacka.Committees"] = typeof(Nacka.Committees.Data.CommitteesDbContext).Assembly,
        ["Nacka.Mandates"] = typeof(Nacka.Mandates.Data.MandatesDbContext).Assembly,
    };

    /// <summary>Types of the base library a rule must not touch: files, network, databases, the console, processes, chance, the clock.</summary>
    private static readonly string[] ImpureBaseTypes =
        ["System.IO", "System.Net", "System.Data", "System.Console", "System.Random", "System.TimeProvider", "System.Diagnostics.Process"];

    /// <summary>Calls that make a rule depend on when or where it runs: the clock and fresh ids (pass today and ids in).</summary>
    private static readonly string[] ForbiddenCalls =
    [
        "System.Guid System.Guid::NewGuid()",
        "System.Guid System.Guid::CreateVersion7()",
        "System.Guid System.Guid::CreateVersion7(System.DateTimeOffset)",
        "System.DateTime System.DateTime::get_Now()",
        "System.DateTime System.DateTime::get_UtcNow()",
        "System.DateTime System.DateTime::get_Today()",
        "System.DateTimeOffset System.DateTimeOffset::get_Now()",
        "System.DateTimeOffset System.DateTimeOffset::get_UtcNow()",
    ];

    public static TheoryData<string> ServiceNames => [.. Services.Keys];

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void A_domain_depends_only_on_the_rule_vocabulary_the_contracts_and_the_base_library(string service)
    {
        var domain = $"{service}.Domain";
        var result = Types.InAssembly(Services[service]).That().ResideInNamespace(domain)
            .Should().OnlyHaveDependenciesOn("System", "Nacka.Rules", "Nacka.Contracts", domain).GetResult();

        Assert.True(result.IsSuccessful, $"{domain} depends on something else: {string.Join(", ", result.FailingTypeNames ?? [])}");
        Assert.NotEmpty(Types.InAssembly(Services[service]).That().ResideInNamespace(domain).GetTypes());
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void A_domain_touches_no_io_clock_or_chance_of_the_base_library(string service)
    {
        var domain = $"{service}.Domain";
        var result = Types.InAssembly(Services[service]).That().ResideInNamespace(domain).ShouldNot().HaveDependencyOnAny(ImpureBaseTypes).GetResult();

        Assert.True(result.IsSuccessful, $"{domain} uses I/O, the environment or chance: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void A_domain_neither_reads_the_clock_nor_mints_ids(string service)
    {
        var calls = ForbiddenCallsIn(Services[service].Location, $"{service}.Domain");

        Assert.True(calls.Count == 0, $"pass today and ids in instead: {string.Join("; ", calls)}");
    }

    [Fact]
    public void The_rule_vocabulary_has_no_framework_and_none_of_our_plumbing()
    {
        var rules = typeof(Nacka.Rules.DomainError).Assembly;

        var references = rules.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, name => Assert.True(name == "Nacka.Contracts" || name.StartsWith("System.", StringComparison.Ordinal),
            $"Nacka.Rules references {name}"));
        Assert.Empty(ForbiddenCallsIn(rules.Location, "Nacka.Rules"));
    }

    [Fact]
    public void The_checks_bite_a_domain_that_reads_the_clock_mints_an_id_and_opens_a_file_is_caught()
    {
        // A check that cannot fail proves nothing: the impure domain below is in this assembly.
        var here = typeof(DomainPurityTests).Assembly;
        const string impure = "Nacka.Architecture.Tests.Impure.Domain";

        Assert.Equal(2, ForbiddenCallsIn(here.Location, impure).Count);
        Assert.False(Types.InAssembly(here).That().ResideInNamespace(impure).ShouldNot().HaveDependencyOnAny(ImpureBaseTypes).GetResult().IsSuccessful);
        Assert.False(Types.InAssembly(here).That().ResideInNamespace(impure)
            .Should().OnlyHaveDependenciesOn("System", "Nacka.Rules", "Nacka.Contracts", impure).GetResult().IsSuccessful);
    }

    /// <summary>Every call in <paramref name="ns"/> (and nested namespaces, lambdas included) to one of <see cref="ForbiddenCalls"/>.</summary>
    private static List<string> ForbiddenCallsIn(string assemblyPath, string ns)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        return [.. module.GetTypes()
            .Where(t => InNamespace(t, ns))
            .SelectMany(t => t.Methods.Where(m => m.HasBody).SelectMany(m => m.Body.Instructions
                .Where(i => i.OpCode.FlowControl == FlowControl.Call && i.Operand is MethodReference callee && ForbiddenCalls.Contains(callee.FullName))
                .Select(i => $"{t.FullName}.{m.Name} calls {((MethodReference)i.Operand).FullName}")))];
    }

    /// <summary>Compiler-made types (lambdas' closures) are nested in the type whose code they hold.</summary>
    private static bool InNamespace(TypeDefinition type, string ns)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType;
        }

        return type.Namespace == ns || type.Namespace.StartsWith(ns + ".", StringComparison.Ordinal);
    }
}
