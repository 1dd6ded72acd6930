using Xunit;

namespace Nacka.EndToEnd.Tests.Faults;

/// <summary>
/// Issue 12's fault suite: every service as two replicas, 1,000 writes through the gateway
/// (500 units created with an Idempotency-Key, then renamed with If-Match), and halfway through,
/// one fault. Afterwards <see cref="Convergence"/> must hold: nothing lost, nothing applied twice,
/// every consumer equal to the producer, the replay feed gap-free.
/// </summary>
[Collection(nameof(ReplicatedSystemCollection))]
public sealed class FaultSuiteTests(ReplicatedSystem system, ITestOutputHelper output)
{
    private const int Writes = 1000;
    private static readonly TimeSpan CatchUp = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Every_service_runs_as_two_replicas()
    {
        foreach (var service in new[] { "units", "processes", "committees", "mandates" })
        {
            Assert.Equal(ReplicatedSystem.Replicas, (await system.InstancesAsync(service, TestContext.Current.CancellationToken)).Count);
        }
    }

    [Fact]
    public async Task Every_service_queue_is_a_quorum_queue()
    {
        var types = await system.QueueTypesAsync(TestContext.Current.CancellationToken);
        var services = types.Where(q => q.Key.Split('.')[0] is "units" or "processes" or "committees" or "mandates").ToList();

        Assert.NotEmpty(services);
        Assert.All(services, q => Assert.Equal("quorum", q.Value));
    }

    [Fact]
    public async Task The_broker_stopped_for_10_s_in_the_middle_of_1000_writes_loses_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var load = await WriteLoad.RunAsync(system, "Brokeravbrott", Writes, async token =>
        {
            await system.StopBrokerAsync(token);
            await Task.Delay(TimeSpan.FromSeconds(10), token);
            await system.StartBrokerAsync(token);
        }, ct);

        Report(load, await Convergence.AssertConvergedAsync(system, load, "Brokeravbrott", CatchUp, ct));
    }

    [Fact]
    public async Task A_producing_replica_killed_with_SIGKILL_in_the_middle_of_1000_writes_loses_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var victim = (await system.InstancesAsync("units", ct))[0];
        var load = await WriteLoad.RunAsync(system, "Producentkrasch", Writes, async token =>
        {
            await system.KillAsync(victim, token);
            await system.StartAsync(victim, token);
        }, ct);

        Report(load, await Convergence.AssertConvergedAsync(system, load, "Producentkrasch", CatchUp, ct));
    }

    [Fact]
    public async Task PostgreSQL_restarted_in_the_middle_of_1000_writes_loses_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var load = await WriteLoad.RunAsync(system, "Databasomstart", Writes, system.RestartPostgresAsync, ct);

        Report(load, await Convergence.AssertConvergedAsync(system, load, "Databasomstart", CatchUp, ct));
    }

    [Fact]
    public async Task A_consumer_replica_killed_while_handling_loses_nothing_and_applies_nothing_twice()
    {
        var ct = TestContext.Current.CancellationToken;
        var victim = (await system.InstancesAsync("committees", ct))[0];
        var load = await WriteLoad.RunAsync(system, "Konsumentkrasch", Writes, async token =>
        {
            await system.KillAsync(victim, token);
            await system.StartAsync(victim, token);
        }, ct);

        Report(load, await Convergence.AssertConvergedAsync(system, load, "Konsumentkrasch", CatchUp, ct));
    }

    private void Report(WriteLoadResult load, string converged)
    {
        output.WriteLine(load.ToString());
        output.WriteLine(converged);
        FaultReport.Record(TestContext.Current.Test!.TestDisplayName, load, converged);
    }
}
