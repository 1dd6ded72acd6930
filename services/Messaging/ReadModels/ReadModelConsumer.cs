using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nacka.Contracts;
using Nacka.Messaging.Telemetry;

namespace Nacka.Messaging.ReadModels;

/// <summary>
/// The RabbitMQ side of a read model: one queue per event type it follows
/// (<c>committees.unit-established</c>). A redelivered event finds its version applied and is
/// acknowledged without a second effect (the entity's version is the dedupe key, so no inbox table
/// is needed). Events arriving together are applied in one transaction (<see cref="ReadModelWriter{TContext}"/>).
/// A failure (a gap the feed cannot fill yet, a handler that throws) rolls back, is
/// retried with backoff, then parked in the queue's <c>_error</c> queue while later events flow.
/// </summary>
public sealed class ReadModelConsumer<TEvent, TContext>(ReadModelWriter<TContext> writer, MessagingTelemetry telemetry,
    ILogger<ReadModelConsumer<TEvent, TContext>> logger) : IConsumer<TEvent>
    where TEvent : class, IIntegrationEvent
    where TContext : DbContext
{
    public async Task Consume(ConsumeContext<TEvent> context)
    {
        var message = context.Message;
        int applied;
        try
        {
            applied = await writer.ApplyAsync(message, context.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            telemetry.ConsumeFailures.Add(1);
            logger.LogWarning(ex, "Read model {Context} failed on {Type} {EventId} (version {Version})",
                typeof(TContext).Name, EventNaming.For<TEvent>().CloudEventType, message.EventId, message.Version);
            throw;
        }

        if (applied > 0)
        {
            telemetry.Consumed.Add(1);
        }
        else
        {
            telemetry.DuplicatesSkipped.Add(1);
            logger.LogDebug("Skipped {Type} {EventId}: version {Version} already applied", EventNaming.For<TEvent>().CloudEventType, message.EventId,
                message.Version);
        }
    }
}
