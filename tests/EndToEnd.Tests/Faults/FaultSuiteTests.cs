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
    public Task The_broker_stopped_for_10_s_in_the_middle_of_1000_writes_loses_nothing() =>
        WritesWithAFaultHalfwayAsync("Brokeravbrott", async token =>
        {
            await system.StopBrokerAsync(token);
            await Task.Delay(TimeSpan.FromSeconds(10), token);
            await system.StartBrokerAsync(token);
        });

    [Fact]
    public Task A_producing_replica_killed_with_SIGKILL_in_the_middle_of_1000_writes_loses_nothing() =>
        WritesWithAFaultHalfwayAsync("Producentkrasch", token => KillOneReplicaAndStartItAgainAsync("units", token));

    [Fact]
    public Task PostgreSQL_restarted_in_the_middle_of_1000_writes_loses_nothing() =>
        WritesWithAFaultHalfwayAsync("Databasomstart", system.RestartPostgresAsync);

    [Fact]
    public Task A_consumer_replica_killed_while_handling_loses_nothing_and_applies_nothing_twice() =>
        WritesWithAFaultHalfwayAsync("Konsumentkrasch", token => KillOneReplicaAndStartItAgainAsync("committees", token));

    /// <summary>1,000 writes labelled <paramref name="label"/> with <paramref name="fault"/> halfway, then everything <see cref="Convergence"/>
    /// checks.</summary>
    private async Task WritesWithAFaultHalfwayAsync(string label, Func<CancellationToken, Task> fault)
    {
        var ct = TestContext.Current.CancellationToken;
        var load = await WriteLoad.RunAsync(system, label, Writes, fault, ct);
        var converged = await Convergence.AssertConvergedAsync(system, load, label, CatchUp, ct);

        output.WriteLine(load.ToString());
        output.WriteLine(converged);
        FaultReport.Record(TestContext.Current.Test!.TestDisplayName, load, converged);
    }

    private async Task KillOneReplicaAndStartItAgainAsync(string service, CancellationToken ct)
    {
        var victim = (await system.InstancesAsync(service, ct))[0];
        await system.KillAsync(victim, ct);
        await system.StartAsync(victim, ct);
    }
}
