using System.Globalization;
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
}
