using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Nacka.Testing;

/// <summary>
/// What every service must do at start, checked against real servers: apply its committed
/// migrations and report healthy, database and broker included. Each service's test project
/// derives from this once.
/// </summary>
public abstract class ServiceStartupTests<TProgram, TContext>(TestInfrastructure infrastructure, string databaseConnectionName)
    where TProgram : class
    where TContext : DbContext
{
    [Fact]
    public async Task Starts_against_real_servers_applies_its_migrations_and_reports_healthy()
    {
        await using var service = new ServiceFactory<TProgram>(infrastructure, databaseConnectionName);
        using var client = service.CreateClient();

        var report = await HealthProbe.WaitUntilHealthyAsync(client, "/health", TimeSpan.FromSeconds(60));

        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks[typeof(TContext).Name]);
        Assert.Equal("Healthy", checks["masstransit-bus"]);

        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
    }

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
        var idleLogs = logs.Entries.Where(e => e.At >= idleFrom && e.Level >= LogLevel.Information).Select(e => $"{e.Level} {e.Category}: {e.Message}").ToList();
        Assert.True(idleLogs.Count == 0, string.Join("\n", idleLogs));
        lock (spans)
        {
            var idleSpans = spans.Skip(spansBefore).Select(s => $"{s.Source.Name}: {s.DisplayName} ({s.Kind})").ToList();
            Assert.True(idleSpans.Count == 0, string.Join("\n", idleSpans));
        }
    }

    [Fact]
    public async Task Is_alive_and_serves_its_OpenAPI_document()
    {
        await using var service = new ServiceFactory<TProgram>(infrastructure, databaseConnectionName);
        using var client = service.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive", TestContext.Current.CancellationToken)).StatusCode);
        using var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        Assert.StartsWith("3.", openApi.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_paths_answer_with_problem_details()
    {
        await using var service = new ServiceFactory<TProgram>(infrastructure, databaseConnectionName);
        using var client = service.CreateClient();

        var response = await client.GetAsync("/no-such-path", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
