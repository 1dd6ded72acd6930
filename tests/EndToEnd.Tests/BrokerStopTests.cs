using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Nacka.EndToEnd.Tests.Faults;
using Nacka.Testing;
using Xunit;

namespace Nacka.EndToEnd.Tests;

/// <summary>
/// The broker stopped and started again as the dashboard's Stop and Start buttons do it (the resource's process ended and
/// started anew, not <c>rabbitmqctl stop_app</c> as the fault suite does): writes meanwhile are answered, and their events reach
/// every read model once the broker is back.
/// </summary>
[Collection(nameof(RunningSystemCollection))]
public sealed class BrokerStopTests(RunningSystem system)
{
    [Fact]
    public async Task Writes_made_while_the_broker_is_stopped_from_the_dashboard_reach_every_read_model_after_it_is_started()
    {
        var ct = TestContext.Current.CancellationToken;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromMinutes(4));
        var director = (await system.Gateway.GetFromJsonAsync<JsonArray>("/api/directors", ct))!
            .First(post => post!["vacant"]!.GetValue<bool>() == false)!["id"]!.GetValue<Guid>();

        // The dashboard's Stop button runs this command on the resource.
        await system.App.ResourceCommands.ExecuteCommandAsync("rabbitmq", KnownResourceCommands.StopCommand, limit.Token);
        Guid unit;
        try
        {
            using var created = await system.Gateway.SendAsync(await system.AuthorisedAsync(HttpMethod.Post, "/api/units",
                new { name = "Förskolan Under Avbrottet", kind = "forskola", managerTitle = "Rektor", directorPostId = director, reason = "Brokern stoppad" }),
                limit.Token);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            unit = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<Guid>();
            using var renamed = await system.Gateway.SendAsync(await system.AuthorisedAsync(HttpMethod.Post, $"/api/units/{unit}/rename",
                new { name = "Förskolan Efter Avbrottet", reason = "Brokern stoppad" }), limit.Token);
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }
        finally
        {
            await system.App.ResourceCommands.ExecuteCommandAsync("rabbitmq", KnownResourceCommands.StartCommand, limit.Token);
        }

        await system.App.ResourceNotifications.WaitForResourceHealthyAsync("rabbitmq", limit.Token);
        var seen = "";
        await Eventually.HoldsAsync(async () =>
        {
            var versions = new List<string>();
            foreach (var consumer in Convergence.Consumers)
            {
                var applied = await Convergence.VersionsAsync(await Convergence.ConnectionStringAsync(system, consumer + "db", ct),
                    $"SELECT entity_id, version FROM {consumer}.read_model_versions WHERE source = 'units' AND entity_id = '{unit}'", ct);
                versions.Add($"{consumer}: {applied.GetValueOrDefault(unit)}");
            }

            seen = string.Join(", ", versions);
            return versions.All(v => v.EndsWith(": 2", StringComparison.Ordinal));
        }, TimeSpan.FromMinutes(2), () => Task.FromResult(seen));
    }
}
