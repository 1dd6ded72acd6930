using System.Globalization;
using Nacka.LocalServers;
using Xunit;

namespace Nacka.Testing;

/// <summary>
/// A throwaway PostgreSQL server and RabbitMQ broker on free ports in a temporary folder, started
/// once per test assembly (as an xunit assembly fixture) and removed afterwards, whether tests
/// passed or not. Each test makes its own database (<see cref="NewDatabaseConnectionString"/>), so
/// tests never see each other's data. No Docker: the installed server binaries run as processes.
/// </summary>
public sealed class TestInfrastructure : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly List<ServerProcess> _processes = [];
    private string _root = "";
    private LocalPostgres? _postgres;
    private LocalRabbitMq? _rabbit;

    public LocalPostgres Postgres => _postgres ?? throw new InvalidOperationException("Not started.");
    public LocalRabbitMq RabbitMq => _rabbit ?? throw new InvalidOperationException("Not started.");

    public string MessagingConnectionString => RabbitMq.ConnectionString;

    /// <summary>A connection string to a database no other test uses; EF migrations create it.</summary>
    public string NewDatabaseConnectionString(string prefix) =>
        Postgres.ConnectionString($"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)]);

    /// <summary>
    /// A connection string to a RabbitMQ virtual host of its own: exchanges and queues no other
    /// test sees, for tests where services talk to each other (Units' events feeding Committees)
    /// while other tests publish the same event types. Made through the management API.
    /// </summary>
    public async Task<string> NewMessagingConnectionStringAsync()
    {
        var vhost = $"test-{Guid.NewGuid():N}";
        using var http = RabbitMq.ManagementClient();
        using var created = await http.PutAsync($"api/vhosts/{vhost}", null);
        created.EnsureSuccessStatusCode();
        using var permitted = await http.PutAsync($"api/permissions/{vhost}/{LocalRabbitMq.Username}",
            System.Net.Http.Json.JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" }));
        permitted.EnsureSuccessStatusCode();
        return RabbitMq.ConnectionString + vhost;
    }

    public async ValueTask InitializeAsync()
    {
        StaleTestServers.StopLeftovers();
        _root = Directory.CreateTempSubdirectory(StaleTestServers.FolderPrefix).FullName;
        // The postgres user must be able to reach its folder inside ours.
        File.SetUnixFileMode(_root, (UnixFileMode)0b111_101_101);
        StaleTestServers.RecordOwner(_root);

        await Task.WhenAll(Task.Run(() => OnFreePortsAsync(StartPostgresAsync)), Task.Run(() => OnFreePortsAsync(StartRabbitMqAsync)));
    }

    /// <summary>
    /// The other test assemblies start their servers beside ours and pick free ports from the same range, and a port free when
    /// picked may be taken before our server binds it (once in CI a broker never answered on its port and 29 tests failed).
    /// So a server counts as started only when it answers as ours, and one that does not starts again on new ports.
    /// </summary>
    private static async Task OnFreePortsAsync(Func<List<ServerProcess>, Task> start)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var started = new List<ServerProcess>();
            try
            {
                await start(started);
                return;
            }
            catch (InvalidOperationException) when (attempt < attempts)
            {
                foreach (var process in Enumerable.Reverse(started))
                {
                    await StopAsync(process);
                }
            }
        }
    }

    private async Task StartPostgresAsync(List<ServerProcess> started)
    {
        _postgres = new LocalPostgres(Path.Combine(_root, "postgres"), FreePort.Next());
        Postgres.EnsureInitialised();
        // Every test host keeps its own pool per database (and LISTEN connections) until the run ends.
        var server = Track(ServerProcess.Start("postgres", Postgres.ServerCommand(maxConnections: 1000), Postgres.RootDirectory), started);
        await WaitUntilAsync(server, "PostgreSQL on port " + Postgres.Port.ToString(CultureInfo.InvariantCulture), async () =>
        {
            // Our password opens it: another assembly's server on the port would refuse it.
            try
            {
                await using var connection = new Npgsql.NpgsqlConnection(Postgres.ConnectionString("postgres") + ";Pooling=false");
                await connection.OpenAsync();
                return true;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                return false;
            }
        });
    }

    private async Task StartRabbitMqAsync(List<ServerProcess> started)
    {
        var nodeName = $"nacka-test-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40] + "@localhost";
        _rabbit = new LocalRabbitMq(Path.Combine(_root, "rabbitmq"), FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next(), nodeName);
        RabbitMq.EnsureInitialised();
        var epmd = Track(ServerProcess.Start("epmd", RabbitMq.EpmdCommand(), RabbitMq.RootDirectory, RabbitMq.Environment()), started);
        await WaitUntilAsync(epmd, "epmd on port " + RabbitMq.EpmdPort.ToString(CultureInfo.InvariantCulture),
            () => FreePort.WaitUntilListeningAsync(RabbitMq.EpmdPort, TimeSpan.FromSeconds(1)));
        await StartBrokerAsync(started);
    }

    private ServerProcess? _broker;

    private async Task StartBrokerAsync(List<ServerProcess>? started = null)
    {
        var broker = _broker = Track(ServerProcess.Start("rabbitmq", RabbitMq.ServerCommand(), RabbitMq.RootDirectory, RabbitMq.Environment()), started);
        await WaitUntilAsync(broker, $"the broker as {RabbitMq.NodeName} accepting its login on port "
            + RabbitMq.AmqpPort.ToString(CultureInfo.InvariantCulture),
            () => RabbitMq.AcceptsLoginAsync(CancellationToken.None));
    }

    /// <summary>Stops the broker cleanly (its data stays), as an outage would; tests of recovery use it.</summary>
    public async Task StopRabbitMqAsync()
    {
        if (_broker is { HasExited: false } broker)
        {
            await broker.StopAsync(PosixUser.SigTerm, TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>Starts the broker again on the same ports and data after <see cref="StopRabbitMqAsync"/>.</summary>
    public Task RestartRabbitMqAsync() => _broker is { HasExited: false } ? Task.CompletedTask : StartBrokerAsync();

    private ServerProcess Track(ServerProcess process, List<ServerProcess>? started)
    {
        started?.Add(process);
        lock (_processes)
        {
            _processes.Add(process);
            StaleTestServers.RecordPid(_root, process.Pid);
        }

        return process;
    }

    private static async Task WaitUntilAsync(ServerProcess process, string what, Func<Task<bool>> answers)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await answers())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{what} did not answer within {StartTimeout} ({(process.HasExited ? "it exited" : "it still runs")}). "
                    + $"Its log:\n{process.ReadLog()}");
            }

            await Task.Delay(200);
        }
    }

    // SIGINT is PostgreSQL's fast shutdown; SIGTERM makes the rabbitmq-server script stop the node cleanly.
    private static Task StopAsync(ServerProcess process) =>
        process.StopAsync(process.Name == "postgres" ? PosixUser.SigInt : PosixUser.SigTerm, TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        // Reverse start order: the broker before its epmd.
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await StopAsync(process);
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
