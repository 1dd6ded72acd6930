using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nacka.Messaging.Replay;
using Nacka.Testing;
using Xunit;

namespace Nacka.Messaging.Tests;

public sealed class ReplayFeedTests(TestInfrastructure infrastructure)
{
    [Fact]
    public async Task The_replay_feed_returns_published_events_in_order_from_a_position_and_pages()
    {
        await using var host = await WidgetsHost.StartAsync(infrastructure, infrastructure.NewDatabaseConnectionString("widgets"), withConsumer: false);
        var written = new List<Guid>();
        for (var i = 0; i < 25; i++)
        {
            written.Add((await host.RegisterAsync($"feed {i}")).EventId);
        }

        // Sent and numbered are two steps (dispatcher and sequencer): waiting for "sent" alone read an empty feed once in CI.
        await Eventually.HoldsAsync(async () => await host.UnsentCountAsync() == 0 && await host.NotInFeedCountAsync() == 0, TimeSpan.FromSeconds(60));
        using var client = host.CreateClient();

        var first = await client.GetFromJsonAsync<FeedPage>("/events?after=0&limit=10", TestContext.Current.CancellationToken);
        var second = await client.GetFromJsonAsync<FeedPage>($"/events?after={first!.LastPosition}&limit=10", TestContext.Current.CancellationToken);
        var third = await client.GetFromJsonAsync<FeedPage>($"/events?after={second!.LastPosition}&limit=10", TestContext.Current.CancellationToken);
        var empty = await client.GetFromJsonAsync<FeedPage>($"/events?after={third!.LastPosition}", TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(1, 10).Select(p => (long)p), first.Events.Select(e => e.Position));
        Assert.Equal(Enumerable.Range(11, 10).Select(p => (long)p), second.Events.Select(e => e.Position));
        Assert.Equal(Enumerable.Range(21, 5).Select(p => (long)p), third.Events.Select(e => e.Position));
        Assert.True(first.HasMore);
        Assert.True(second.HasMore);
        Assert.False(third.HasMore);
        Assert.Empty(empty!.Events);
        Assert.Equal(25, empty.LastPosition);
        Assert.Equal(1, first.OldestRetainedPosition);

        var all = first.Events.Concat(second.Events).Concat(third.Events).ToList();
        Assert.Equal(written, all.Select(e => e.EventId));
        Assert.All(all, e => Assert.Equal("se.nacka.org.widgets.widget-registered.v1", e.Type));
        Assert.Equal(written[3], all[3].Payload.GetProperty("eventId").GetGuid());
        Assert.Equal("feed 3", all[3].Payload.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("/events?limit=0", "limit")]
    [InlineData("/events?limit=1001", "limit")]
    [InlineData("/events?after=-1", "after")]
    public async Task The_replay_feed_rejects_bad_paging_with_validation_problem_details(string path, string field)
    {
        await using var host = await WidgetsHost.StartAsync(infrastructure, infrastructure.NewDatabaseConnectionString("widgets"), withConsumer: false);
        using var client = host.CreateClient();

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }
}
