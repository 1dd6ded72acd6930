using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Nacka.Contracts;
using Nacka.Contracts.Mandates;
using Nacka.Messaging.Outbox;
using Nacka.Testing;
using Xunit;

namespace Nacka.Mandates.Tests.Api;

/// <summary>A mandate past its last day ends by itself, announced once, with two replicas running and after a restart.</summary>
public sealed class MandateExpiryTests(TestInfrastructure infrastructure)
{
    [Fact]
    public async Task An_expired_mandate_is_ended_once_by_two_replicas_racing_and_not_again_after_a_restart()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard");
        var units = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            units.Add(await organisation.UnitAsync($"Skola {i}", director));
        }

        // Two more replicas of Mandates on the same database, looking for expired mandates every 100 ms.
        static void Fast(IWebHostBuilder web) => web.UseSetting("Mandates:Expiry:Interval", "00:00:00.100");
        await using var first = organisation.Mandates.WithWebHostBuilder(Fast);
        await using var second = organisation.Mandates.WithWebHostBuilder(Fast);
        _ = (first.Services, second.Services); // started

        // Granted with a last day already past (registered afterwards): the replicas race to end them.
        var mandates = new List<Guid>();
        foreach (var unit in units)
        {
            mandates.Add(Answers.Id(await organisation.GrantAsync(unit, ks, validFrom: "2024-01-01", validTo: "2025-06-30")));
        }

        await organisation.KnownAsync(db => db.Mandates.Current.CountAsync(m => m.EndReason == MandateEndReasons.Expired)
            .ContinueWith(t => t.Result == mandates.Count, TaskScheduler.Default));
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken); // many more rounds of both replicas

        await using (var restarted = organisation.Mandates.WithWebHostBuilder(Fast))
        {
            _ = restarted.Services;
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        }

        var endedType = EventNaming.For<MandateEnded>().CloudEventType;
        Assert.Equal(mandates.Count, await organisation.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.Type == endedType)));
        var ended = await organisation.MandatesApi.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/mandates/{mandates[0]}",
            TestContext.Current.CancellationToken);
        Assert.Equal(("expired", "2025-07-01", 2, "ended"), (ended!["endReason"]!.GetValue<string>(), ended["endedOn"]!.GetValue<string>(),
            ended["version"]!.GetValue<int>(),
            ended["status"]!.GetValue<string>()));
    }
}
