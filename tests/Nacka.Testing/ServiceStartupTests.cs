using System.Net;
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
