using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Xunit;

namespace Nacka.Testing;

/// <summary>
/// What ops people see of a service nobody uses: a fresh start logs no error, and steady state
/// writes no Information log and starts no trace (health probes, outbox polling). Spans are
/// collected process-wide, so each service's test project runs this in a collection of its own
/// with parallelisation off (<see cref="Name"/>).
/// </summary>
public abstract class QuietnessTests<TProgram, TContext>(TestInfrastructure infrastructure, string databaseConnectionName)
    where TProgram : class
    where TContext : DbContext
{
    public const string Name = "Runs alone: collects the process's spans";

    [Fact]
    public async Task A_fresh_start_logs_no_error_and_an_idle_service_logs_and_traces_nothing()
    {
        var logs = new CapturedLogs();
        var spans = new List<Activity>();
        await using var factory = new ServiceFactory<TProgram>(infrastructure, databaseConnectionName);
        await using var service = factory.WithWebHostBuilder(web =>
        {
            web.ConfigureLogging(logging => logging.AddProvider(logs));
            web.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
            web.UseSetting("Messaging:PollInterval", "00:00:00.500"); // poll often: idle polling must not show
        });
        using var client = service.CreateClient();
        await HealthProbe.WaitUntilHealthyAsync(client, "/health", TimeSpan.FromSeconds(60));
        await Task.Delay(2000, TestContext.Current.CancellationToken); // start-up finishes (bus, first polls)

        var idleFrom = DateTime.UtcNow;
        int spansBefore;
        lock (spans)
        {
            spansBefore = spans.Count;
        }

        for (var i = 0; i < 6; i++)
        {
            // What the AppHost and the gateway do while nobody uses the service.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive", TestContext.Current.CancellationToken)).StatusCode);
            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }

        var errors = logs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var idleLogs = logs.Entries.Where(e => e.At >= idleFrom && e.Level >= LogLevel.Information)
            .Select(e => $"{e.Level} {e.Category}: {e.Message}").ToList();
        Assert.True(idleLogs.Count == 0, string.Join("\n", idleLogs));
        lock (spans)
        {
            var idleSpans = spans.Skip(spansBefore).Select(s => $"{s.Source.Name}: {s.DisplayName} ({s.Kind})").ToList();
            Assert.True(idleSpans.Count == 0, string.Join("\n", idleSpans));
        }
    }

}
