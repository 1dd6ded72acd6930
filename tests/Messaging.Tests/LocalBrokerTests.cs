using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Nacka.LocalServers;
using Xunit;

namespace Nacka.Messaging.Tests;

/// <summary>The local broker (tests, <c>./build.sh run</c>, the bench) leaves nothing running once it and its epmd are stopped.</summary>
public sealed class LocalBrokerTests
{
    [Fact]
    public async Task An_Erlang_program_that_finds_our_epmd_gone_does_not_start_one_of_its_own_that_outlives_the_run()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Directory.CreateTempSubdirectory("nacka-broker-").FullName;
        var broker = new LocalRabbitMq(Path.Combine(root, "rabbitmq"), FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next(),
            $"nacka-epmd-{Guid.NewGuid():N}"[..24] + "@localhost");
        try
        {
            broker.EnsureInitialised();

            // rabbitmqctl with no epmd on our port, as the broker's stop script is when the orchestrator stopped epmd first.
            await Assert.ThrowsAsync<InvalidOperationException>(() => broker.CtlAsync("status", ct));

            Assert.False(await FreePort.WaitUntilListeningAsync(broker.EpmdPort, TimeSpan.FromSeconds(2), ct),
                $"an epmd was left listening on port {broker.EpmdPort.ToString(CultureInfo.InvariantCulture)}");
        }
        finally
        {
            // What a failure leaves: ask the epmd on our port (and only it) to stop.
            var stop = new System.Diagnostics.ProcessStartInfo(broker.EpmdExecutable, ["-kill"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            stop.Environment["ERL_EPMD_PORT"] = broker.EpmdPort.ToString(CultureInfo.InvariantCulture);
            using (var epmd = System.Diagnostics.Process.Start(stop)!)
            {
                await epmd.WaitForExitAsync(ct);
            }

            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_connection_to_itself_is_not_taken_for_a_listener()
    {
        // Bound to the port it connects to, a socket reaches itself (what a probe's ephemeral port now and then does by chance).
        var port = FreePort.Next();
        using var alone = new Socket(SocketType.Stream, ProtocolType.Tcp);
        alone.Bind(new IPEndPoint(IPAddress.Loopback, port));
        alone.Connect(IPAddress.Loopback, port);
        Assert.False(FreePort.ReachedAListener(alone));

        var listener = new TcpListener(IPAddress.Loopback, FreePort.Next());
        listener.Start();
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            Assert.True(FreePort.ReachedAListener(client.Client));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Another_program_listening_on_a_brokers_ports_is_not_taken_for_the_broker()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Directory.CreateTempSubdirectory("nacka-broker-").FullName;
        var amqp = new TcpListener(IPAddress.Loopback, FreePort.Next());
        var management = new TcpListener(IPAddress.Loopback, FreePort.Next());
        amqp.Start();
        management.Start();
        try
        {
            var broker = new LocalRabbitMq(Path.Combine(root, "rabbitmq"), ((IPEndPoint)amqp.LocalEndpoint).Port,
                ((IPEndPoint)management.LocalEndpoint).Port, FreePort.Next(), FreePort.Next(), "nacka-none@localhost");
            Assert.True(await FreePort.WaitUntilListeningAsync(broker.AmqpPort, TimeSpan.FromSeconds(2), ct));
            Assert.False(await broker.AcceptsLoginAsync(ct));
        }
        finally
        {
            amqp.Stop();
            management.Stop();
            Directory.Delete(root, recursive: true);
        }
    }
}
