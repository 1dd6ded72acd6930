using System.Reflection;
using NetArchTest.Rules;
using Xunit;

namespace Nacka.Architecture.Tests;

/// <summary>
/// The boundaries of DESIGN.md held by a test, not by discipline: each service owns its data and
/// knows others only through their events; the contracts other teams depend on depend on nothing
/// of ours; the shared plumbing knows no service.
/// </summary>
public sealed class BoundaryTests
{
    private static readonly Dictionary<string, Assembly> Services = new()
    {
        ["Nacka.Units"] = typeof(Nacka.Units.Data.UnitsDbContext).Assembly,
        ["Nacka.Processes"] = typeof(Nacka.Processes.Data.ProcessesDbContext).Assembly,
        ["Nacka.Committees"] = typeof(Nacka.Committees.Data.CommitteesDbContext).Assembly,
        ["Nacka.Mandates"] = typeof(Nacka.Mandates.Data.MandatesDbContext).Assembly,
    };

    private static readonly Assembly Gateway = typeof(Nacka.Gateway.EdgeAuthorization).Assembly;
    private static readonly Assembly Contracts = typeof(Nacka.Contracts.IIntegrationEvent).Assembly;

    private static readonly Assembly[] SharedPlumbing =
    [
        typeof(Nacka.Records.Writes.RecordWrites).Assembly,
        typeof(Nacka.Messaging.MessagingExtensions).Assembly,
        typeof(Nacka.Persistence.TransactionExtensions).Assembly,
    ];

    public static TheoryData<string> ServiceNames => [.. Services.Keys];

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void A_service_references_no_other_service_and_not_the_gateway(string service)
    {
        var others = Services.Keys.Where(s => s != service).Append("Nacka.Gateway").ToArray();

        AssertHolds(Types.InAssembly(Services[service]).ShouldNot().HaveDependencyOnAny(others).GetResult(), $"{service} uses another service's types");
        Assert.DoesNotContain(Services[service].GetReferencedAssemblies(), a => others.Contains(a.Name));
    }

    [Fact]
    public void The_gateway_references_no_service()
    {
        AssertHolds(Types.InAssembly(Gateway).ShouldNot().HaveDependencyOnAny([.. Services.Keys]).GetResult(), "the gateway uses a service's types");
    }

    [Fact]
    public void The_contracts_depend_on_nothing_of_ours_and_no_framework_a_subscriber_would_need()
    {
        var ours = Services.Keys.Concat(["Nacka.Gateway", "Nacka.Records", "Nacka.Messaging", "Nacka.Persistence", "Nacka.LocalServers"]).ToArray();

        AssertHolds(Types.InAssembly(Contracts).ShouldNot().HaveDependencyOnAny([.. ours, "MassTransit", "Microsoft.EntityFrameworkCore",
            "Microsoft.AspNetCore"]).GetResult(),
            "the contracts depend on our code or a framework");
        Assert.DoesNotContain(Contracts.GetReferencedAssemblies(), a => a.Name!.StartsWith("Nacka.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shared_plumbing_knows_no_service_and_not_the_gateway()
    {
        foreach (var shared in SharedPlumbing)
        {
            AssertHolds(Types.InAssembly(shared).ShouldNot().HaveDependencyOnAny([.. Services.Keys, "Nacka.Gateway"]).GetResult(),
                $"{shared.GetName().Name} uses a service's types");
        }
    }

    [Fact]
    public void The_rules_bite_this_test_assembly_uses_every_service_and_is_caught()
    {
        // A check that cannot fail proves nothing: this assembly names each service's types above.
        var result = Types.InAssembly(typeof(BoundaryTests).Assembly).ShouldNot().HaveDependencyOnAny([.. Services.Keys]).GetResult();

        Assert.False(result.IsSuccessful);
    }

    private static void AssertHolds(NetArchTest.Rules.TestResult result, string what) =>
        Assert.True(result.IsSuccessful, $"{what}: {string.Join(", ", result.FailingTypeNames ?? [])}");
}
