using MassTransit;
using Microsoft.EntityFrameworkCore;
using Nacka.Contracts;
using Nacka.Messaging.Telemetry;

namespace Nacka.Messaging.ReadModels;

/// <summary>
/// The RabbitMQ side of a read model: one queue per event type it follows
/// (<c>committees.unit-established</c>). A failure (a gap the feed cannot fill yet) is retried
/// with backoff, then parked in the error queue without blocking the queue.
/// </summary>
public sealed class ReadModelConsumer<TEvent, TContext>(ReadModelApplier<TContext> applier, MessagingTelemetry telemetry) : IConsumer<TEvent>
    where TEvent : class, IIntegrationEvent
    where TContext : DbContext
{
    public async Task Consume(ConsumeContext<TEvent> context)
    {
        var applied = await applier.ApplyAsync(context.Message, context.CancellationToken);
        (applied > 0 ? telemetry.Consumed : telemetry.DuplicatesSkipped).Add(1);
    }
}
