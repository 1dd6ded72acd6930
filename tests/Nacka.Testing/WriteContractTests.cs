using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Contracts;
using Xunit;

// Table names come from the database's own catalogue, never from input.
#pragma warning disable EF1002

namespace Nacka.Testing;

/// <summary>
/// The contract every write of every service keeps, checked route by route: it commits exactly
/// its events, which reach RabbitMQ with the payload stored in the outbox; a refused write leaves
/// no outbox row and no revision; a failure at commit leaves neither the change nor its events;
/// a stale If-Match is refused. A service derives from this once and gives a scenario per write
/// route; a write route without a scenario fails the kit, so none is skipped.
/// </summary>
public abstract class WriteContractTests<TProgram, TContext>(TestInfrastructure infrastructure, string databaseConnectionName)
    where TProgram : class
    where TContext : DbContext
{
    /// <summary>The test servers.</summary>
    protected TestInfrastructure Infrastructure => infrastructure;

    /// <summary>The token writes are sent with: a writer of this service.</summary>
    protected abstract string WriteRole { get; }

    /// <summary>One scenario per write route.</summary>
    protected abstract IReadOnlyList<WriteScenario> Scenarios { get; }

    /// <summary>
    /// A fresh instance of the service for one scenario, started. A service whose writes need
    /// another service's records (through its read model) starts it beside, on its own virtual host.
    /// </summary>
    protected virtual Task<ServiceFactory<TProgram>> StartServiceAsync()
        => Task.FromResult(new ServiceFactory<TProgram>(infrastructure, databaseConnectionName));

    [Fact]
    public async Task Every_write_route_has_a_scenario()
    {
        await using var service = await StartServiceAsync();
        var routes = ServiceRoutes.Of(service.Services).Where(r => r.IsWrite).Select(r => r.ToString()).ToHashSet();

        Assert.Empty(routes.Except(Scenarios.Select(s => s.Route)));
        Assert.Empty(Scenarios.Select(s => s.Route).Except(routes));
    }

    [Fact]
    public async Task Each_write_commits_exactly_its_events_and_they_reach_RabbitMQ_with_their_payloads()
    {
        var exchanges = EventCatalog.All.Select(t => EventNaming.For(t).Exchange).Distinct().ToArray();
        var failures = new List<string>();
        foreach (var scenario in Scenarios)
        {
            await using var service = await StartServiceAsync();
            await using var subscriber = await PlainSubscriber.BindAsync(service.MessagingConnectionString, exchanges);
            using var client = service.CreateClientAs("Contract Writer", WriteRole);
            var write = await scenario.Arrange(client);
            var before = await OutboxIdsAsync(service);

            using var response = await SendAsync(client, scenario, write.Path, write.Body);
            var written = (await OutboxAsync(service)).Where(e => !before.Contains(e.Id)).ToList();
            if (!response.IsSuccessStatusCode)
            {
                failures.Add($"{scenario}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                continue;
            }

            if (!written.Select(e => e.Type).SequenceEqual(scenario.Events))
            {
                failures.Add($"{scenario}: committed [{string.Join(", ", written.Select(e => e.Type))}], expected [{string.Join(", ", scenario.Events)}]");
                continue;
            }

            var wanted = written.ToDictionary(e => e.EventId.ToString(), e => e.Payload);
            var delivered = await subscriber.ReceiveAsync(wanted.Count, TimeSpan.FromSeconds(30), d => d.MessageId is { } id && wanted.ContainsKey(id));
            foreach (var delivery in delivered)
            {
                if (!JsonNode.DeepEquals(JsonNode.Parse(delivery.Body), JsonNode.Parse(wanted[delivery.MessageId!])))
                {
                    failures.Add($"{scenario}: the body delivered for {delivery.Header("cloudEvents:type")} differs from the outbox payload");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_refused_write_leaves_no_outbox_row_and_no_revision()
    {
        var failures = new List<string>();
        foreach (var scenario in Scenarios)
        {
            await using var service = await StartServiceAsync();
            using var client = service.CreateClientAs("Contract Writer", WriteRole);
            var write = await scenario.Arrange(client);
            var before = await CountsAsync(service);

            using var response = await SendAsync(client, scenario, write.Path, write.RejectedBody);

            var after = await CountsAsync(service);
            if ((int)response.StatusCode is < 400 or >= 500 || after != before)
            {
                failures.Add($"{scenario}: {(int)response.StatusCode}; outbox and revisions {before} before, {after} after");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_failure_forced_at_commit_leaves_neither_the_change_nor_its_events()
    {
        var failures = new List<string>();
        foreach (var scenario in Scenarios)
        {
            var faults = new DatabaseFaults();
            await using var service = await StartServiceAsync();
            await using var faulty = service.WithDatabaseFaults<TProgram, TContext>(faults);
            using var client = faulty.CreateClient().As("Contract Writer", WriteRole);
            var write = await scenario.Arrange(client);
            var before = await CountsAsync(faulty);

            faults.FailNextCommit();
            using var response = await SendAsync(client, scenario, write.Path, write.Body);

            var after = await CountsAsync(faulty);
            if (faults.Injected != 1 || response.IsSuccessStatusCode || after != before)
            {
                failures.Add($"{scenario}: {(int)response.StatusCode}, {faults.Injected} fault(s); outbox and revisions {before} before, {after} after");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_change_with_a_stale_IfMatch_is_refused_with_412_and_changes_nothing()
    {
        var failures = new List<string>();
        foreach (var scenario in Scenarios.Where(s => s.Route.Contains("{id", StringComparison.Ordinal)))
        {
            await using var service = await StartServiceAsync();
            using var client = service.CreateClientAs("Contract Writer", WriteRole);
            var write = await scenario.Arrange(client);
            var before = await CountsAsync(service);

            using var response = await SendAsync(client, scenario, write.Path, write.Body, ifMatch: "\"999\"");

            var after = await CountsAsync(service);
            if (response.StatusCode != HttpStatusCode.PreconditionFailed || after != before)
            {
                failures.Add($"{scenario}: {(int)response.StatusCode}; outbox and revisions {before} before, {after} after");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, WriteScenario scenario, string path, object body, string? ifMatch = null)
    {
        var method = scenario.Route[..scenario.Route.IndexOf(' ', StringComparison.Ordinal)];
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    private sealed record OutboxRow(long Id, Guid EventId, string Type, string Payload);

    private static async Task<List<OutboxRow>> OutboxAsync(WebApplicationFactory<TProgram> service)
    {
        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        return await db.Set<Messaging.Outbox.OutboxMessage>().OrderBy(m => m.Id).Select(m => new OutboxRow(m.Id, m.EventId, m.Type, m.Payload)).ToListAsync();
    }

    private static async Task<HashSet<long>> OutboxIdsAsync(WebApplicationFactory<TProgram> service) => [.. (await OutboxAsync(service)).Select(e => e.Id)];

    /// <summary>Outbox rows and revisions (every <c>*_revisions</c> table of the service's schema).</summary>
    private static async Task<(long Outbox, long Revisions)> CountsAsync(WebApplicationFactory<TProgram> service)
    {
        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var schema = db.Model.GetDefaultSchema() ?? "public";
        var tables = await db.Database.SqlQueryRaw<string>(
            "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = {0} AND table_name LIKE '%\\_revisions'", schema).ToListAsync();
        long revisions = 0;
        foreach (var table in tables)
        {
            revisions += await db.Database.SqlQueryRaw<long>($"SELECT count(*) AS \"Value\" FROM \"{schema}\".\"{table}\"").SingleAsync();
        }

        return (await db.Set<Messaging.Outbox.OutboxMessage>().LongCountAsync(), revisions);
    }
}
