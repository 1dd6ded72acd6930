using System.Net.Http.Json;
using System.Text.Json;
using Nacka.Contracts;
using Nacka.Messaging.Bus;
using Nacka.Messaging.Replay;

namespace Nacka.Messaging.ReadModels;

/// <summary>
/// Another service's replay feed, asked for one entity's events (<c>GET /events?subject=</c>).
/// The client is named after the service (<c>units</c>) and reaches it by service discovery
/// (<c>http://units</c>), or by <c>ReadModels:Feeds:&lt;service&gt;</c> when set.
/// </summary>
public sealed class ProducerFeed(IHttpClientFactory clients, EventTypeRegistry registry)
{
    public static string ClientName(string service) => "feed-" + service;

    /// <summary>The entity's events with versions after <paramref name="afterVersion"/> and before <paramref name="beforeVersion"/>, in version
    /// order.</summary>
    public async Task<IReadOnlyList<IIntegrationEvent>> MissingAsync(string service, Guid entityId, int afterVersion, int beforeVersion,
        CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ClientName(service));
        var found = new List<IIntegrationEvent>();
        long after = 0;
        while (true)
        {
            var page = await client.GetFromJsonAsync<FeedPage>($"/events?subject={entityId}&after={after}&limit={EventFeedEndpoint.MaxLimit}",
                cancellationToken)
                ?? throw new InvalidOperationException($"The {service} feed answered nothing.");
            found.AddRange(page.Events.Where(e => e.Version > afterVersion && e.Version < beforeVersion)
                .Select(e => (IIntegrationEvent)e.Payload.Deserialize(registry.Resolve(e.Type), ContractJson.Options)!));
            if (!page.HasMore)
            {
                break;
            }

            after = page.LastPosition;
        }

        return [.. found.DistinctBy(e => e.Version).OrderBy(e => e.Version)];
    }
}
