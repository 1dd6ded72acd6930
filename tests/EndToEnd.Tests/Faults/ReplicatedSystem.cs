using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Xunit;

namespace Nacka.EndToEnd.Tests.Faults;

/// <summary>Tests that share one <see cref="ReplicatedSystem"/>.</summary>
[CollectionDefinition(nameof(ReplicatedSystemCollection), DisableParallelization = true)]
public sealed class ReplicatedSystemCollection : ICollectionFixture<ReplicatedSystem>;

/// <summary>
/// The system as <c>./build.sh run</c> starts it, with every service running as two replicas
/// (<c>Services:Replicas=2</c>) and its queues as quorum queues, and the faults the suite injects into it: the broker stopped and
/// started, PostgreSQL restarted, one replica killed and started again.
/// </summary>
public sealed class ReplicatedSystem : RunningSystem
{
    public const int Replicas = 2;

    // Quorum queues, as deploy/ runs them on the three-node broker: the suite's faults hit those.
    protected override string[] Settings => ["--Services:Replicas=" + Replicas, "--Messaging:QuorumQueues=true"];

    /// <summary>Every queue on the broker with its type (<c>quorum</c> or <c>classic</c>).</summary>
    public Task<IReadOnlyDictionary<string, string>> QueueTypesAsync(CancellationToken ct) => Broker.QueueTypesAsync(ct);

    /// <summary><c>rabbitmqctl stop_app</c>: every connection and the AMQP listener close; the node keeps its queues.</summary>
    public Task StopBrokerAsync(CancellationToken ct) => Broker.CtlAsync("stop_app", ct);

    /// <summary><c>rabbitmqctl start_app</c>: the broker accepts connections again.</summary>
    public Task StartBrokerAsync(CancellationToken ct) => Broker.CtlAsync("start_app", ct);

    /// <summary>
    /// Restarts PostgreSQL: a fast shutdown (SIGINT to the postmaster: sessions are cut, the
    /// cluster is checkpointed), then the AppHost starts the same resource again.
    /// </summary>
    public async Task RestartPostgresAsync(CancellationToken ct)
    {
        // Initialised already: this only finds where the cluster lives (it may have been moved where the postgres user can enter).
        var server = Postgres;
        server.EnsureInitialised();
        var postmaster = int.Parse(File.ReadLines(Path.Combine(server.DataDirectory, "postmaster.pid")).First(),
            System.Globalization.CultureInfo.InvariantCulture);
        using (var signal = System.Diagnostics.Process.Start("kill", ["-INT", postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync(ct);
            if (signal.ExitCode != 0)
            {
                throw new InvalidOperationException($"Could not signal the postmaster ({postmaster}).");
            }
        }

        await WaitForInstanceAsync("postgres", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), ct);
        await StartAsync("postgres", ct);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("postgres", ct);
    }

    /// <summary>Starts a stopped (or killed) resource instance again, as the dashboard's Start button does.</summary>
    public async Task StartAsync(string instance, CancellationToken ct)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(instance, KnownResourceCommands.StartCommand, ct);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Starting {instance} failed: {result.Message}");
        }

        await WaitForInstanceAsync(instance, e => e.Snapshot.State?.Text == KnownResourceStates.Running, ct);
    }
}
