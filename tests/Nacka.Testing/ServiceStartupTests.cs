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
        // Each process caps its pool, so services × replicas fit the server's max_connections (docs/messaging.md).
        var used = new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        Assert.Equal(Nacka.Persistence.ServiceDatabaseExtensions.DefaultMaxPoolSize, used.MaxPoolSize);
        // Statements prepared once used (docs/benchmarks.md: half the server's CPU per read).
        Assert.Equal(Nacka.Persistence.ServiceDatabaseExtensions.DefaultMaxAutoPrepare, used.MaxAutoPrepare);
        Assert.True(used.NoResetOnClose);
        // Its migrations give the outbox the trigger that wakes the dispatcher at commit (Nacka.Messaging.Outbox.OutboxWakeTrigger);
        // without it every event would wait for the poll.
        var outbox = $"\"{db.Model.GetDefaultSchema()}\".outbox_messages";
        Assert.Equal(1, await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM pg_trigger
            WHERE tgname = {Nacka.Messaging.Outbox.OutboxWakeTrigger.Name} AND tgenabled = 'O' AND tgrelid = to_regclass({outbox})
            """)
            .SingleAsync(TestContext.Current.CancellationToken));
        // Its name searches read GiST trigram indexes (a GIN's pending list and long posting lists made a search at 100,000 names
        // several times as costly as at 1,000), on the stored folded columns, not on folded(name): a search that tests names one
        // by one would call the function for each (Nacka.Records.Paging.NameSearch, docs/benchmarks.md).
        var searchIndexes = await db.Database.SqlQuery<string>($"""
            SELECT am.amname || ' ' || pg_get_indexdef(i.oid) AS "Value"
            FROM pg_class i JOIN pg_am am ON am.oid = i.relam JOIN pg_namespace n ON n.oid = i.relnamespace
            WHERE i.relkind = 'i' AND n.nspname = {db.Model.GetDefaultSchema()} AND i.relname LIKE 'ix\_%\_search'
            """).ToListAsync(TestContext.Current.CancellationToken);
        Assert.NotEmpty(searchIndexes);
        Assert.All(searchIndexes, index => Assert.Matches(@"^gist .*USING gist \(""\w+Folded"" ", index));
    }

    [Fact]
    public async Task With_Database_Migrate_Only_it_applies_its_migrations_and_exits_without_serving()
    {
        // What the Kubernetes init container runs (deploy/): the service's own program, migrating only.
        var ct = TestContext.Current.CancellationToken;
        var database = infrastructure.NewDatabaseConnectionString(databaseConnectionName);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(TProgram).Assembly.Location);
        start.Environment["Database__Migrate"] = "Only";
        start.Environment[$"ConnectionStrings__{databaseConnectionName}"] = database;
        start.Environment["ConnectionStrings__messaging"] = infrastructure.MessagingConnectionString;
        start.Environment["Authentication__Jwt__Issuer"] = Nacka.DevTokens.DevelopmentTokens.Issuer;
        start.Environment["Authentication__Jwt__Audience"] = Nacka.DevTokens.DevelopmentTokens.Audience;
        start.Environment["Authentication__Jwt__SigningKey"] = TestTokens.SigningKey;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = null;

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("With Database:Migrate=Only the service did not exit within 90 s (it went on to serve?)");
        }

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {await output} {await errors}");
        await using var db = (TContext)Activator.CreateInstance(typeof(TContext), new DbContextOptionsBuilder<TContext>().UseNpgsql(database).Options)!;
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(ct));
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
