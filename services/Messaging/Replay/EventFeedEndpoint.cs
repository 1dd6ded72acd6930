using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Messaging.Outbox;

namespace Nacka.Messaging.Replay;

/// <summary>One published event as the replay feed serves it.</summary>
/// <param name="Position">Feed position: gap-free, in commit order. Pass the last one seen as <c>after</c>.</param>
/// <param name="EventId">Same as the payload's <c>eventId</c> and the AMQP message id.</param>
/// <param name="Type">CloudEvents type, e.g. <c>se.nacka.org.units.unit-established.v1</c>.</param>
/// <param name="Subject">The entity id (CloudEvents subject).</param>
/// <param name="Version">The entity's version after this event.</param>
/// <param name="OccurredAt">When the change happened (UTC).</param>
/// <param name="Payload">The event's JSON body: the same document RabbitMQ delivered.</param>
public sealed record FeedEvent(long Position, Guid EventId, string Type, Guid Subject, int Version, DateTimeOffset OccurredAt, JsonElement Payload);

/// <summary>A page of the replay feed.</summary>
/// <param name="Events">Events after the requested position, oldest first.</param>
/// <param name="LastPosition">Position of the last event in this page (or the request's <c>after</c> when empty): the next <c>after</c>.</param>
/// <param name="HasMore">Whether more events follow right now.</param>
/// <param name="OldestRetainedPosition">The oldest position still kept; a subscriber further behind has lost events to retention.</param>
public sealed record FeedPage(IReadOnlyList<FeedEvent> Events, long LastPosition, bool HasMore, long? OldestRetainedPosition);

public static class EventFeedEndpoint
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>
    /// Maps <c>GET /events?after=&lt;position&gt;&amp;limit=&lt;n&gt;</c>: the service's published
    /// events in commit order, so a new or lagging subscriber can backfill without help.
    /// </summary>
    public static RouteHandlerBuilder MapEventFeed<TContext>(this IEndpointRouteBuilder endpoints) where TContext : DbContext =>
        endpoints.MapGet("/events", (HttpContext http, long? after, int? limit, Guid? subject, CancellationToken cancellationToken) =>
                GetPageAsync(http.RequestServices.GetRequiredService<TContext>(), after, limit, subject, cancellationToken))
            .WithName("GetEventFeed")
            .WithTags("Events")
            .WithSummary("Replay feed of published integration events")
            .WithDescription("Events in commit order with a gap-free position. Start with after=0, then pass the page's lastPosition. "
                + "subject=<entity id> gives one entity's events (to fill a gap in its versions). Delivery on RabbitMQ is at-least-once; "
                    + "deduplicate on eventId.");

    internal static async Task<Results<Ok<FeedPage>, ProblemHttpResult>> GetPageAsync<TContext>(
        TContext db, long? after, int? limit, Guid? subject, CancellationToken cancellationToken) where TContext : DbContext
    {
        var errors = new Dictionary<string, string[]>();
        if (after is < 0)
        {
            errors["after"] = ["Must be 0 or a position returned by the feed."];
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Must be between 1 and {MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            // 422 with an errors map, like every validation failure on the platform.
            return TypedResults.Problem(new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "Invalid feed request",
            });
        }

        var from = after ?? 0;
        var take = limit ?? DefaultLimit;
        var events = db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Position > from);
        if (subject is { } entity)
        {
            events = events.Where(m => m.SubjectId == entity);
        }

        var rows = await events
            .OrderBy(m => m.Position)
            .Take(take + 1)
            .Select(m => new { m.Position, m.EventId, m.Type, m.SubjectId, m.SubjectVersion, m.OccurredAt, m.Payload })
            .ToListAsync(cancellationToken);
        var oldest = await db.Set<OutboxMessage>().Where(m => m.Position != null).MinAsync(m => m.Position, cancellationToken);

        var page = rows.Take(take).Select(r => new FeedEvent(
            r.Position!.Value, r.EventId, r.Type, r.SubjectId, r.SubjectVersion, r.OccurredAt, JsonDocument.Parse(r.Payload).RootElement.Clone())).ToList();
        return TypedResults.Ok(new FeedPage(page, page.Count > 0 ? page[^1].Position : from, rows.Count > take, oldest));
    }
}
