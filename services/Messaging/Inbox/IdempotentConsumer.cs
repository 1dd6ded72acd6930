using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nacka.Contracts;
using Nacka.Messaging.Telemetry;
using Nacka.Persistence;

namespace Nacka.Messaging.Inbox;

/// <summary>
/// Base for every consumer: the effect (<see cref="HandleAsync"/>, changes on <see cref="Db"/>)
/// and the inbox row commit in one transaction, so a redelivered or duplicated event is
/// acknowledged without a second effect. An exception rolls both back and lets MassTransit retry
/// with backoff, then move the event to the queue's <c>_error</c> queue; later events keep flowing.
/// </summary>
public abstract class IdempotentConsumer<TEvent, TContext>(TContext db, MessagingTelemetry telemetry, ILogger logger) : IConsumer<TEvent>
    where TEvent : class, IIntegrationEvent
    where TContext : DbContext
{
    protected TContext Db { get; } = db;

    /// <summary>Inbox key: the consumer's type, so two consumers of one event each apply it once.</summary>
    protected virtual string ConsumerName => GetType().FullName ?? GetType().Name;

    public async Task Consume(ConsumeContext<TEvent> context)
    {
        var message = context.Message;
        var type = EventNaming.For<TEvent>().CloudEventType;
        try
        {
            var applied = await Db.InTransactionAsync(async (transaction, ct) =>
            {
                if (!await InboxStore.TryRecordAsync(Db, message.EventId, ConsumerName, type, ct))
                {
                    await transaction.RollbackAsync(ct);
                    return false;
                }

                await HandleAsync(message, context.CancellationToken);
                await Db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return true;
            }, context.CancellationToken);

            if (applied)
            {
                telemetry.Consumed.Add(1);
            }
            else
            {
                telemetry.DuplicatesSkipped.Add(1);
                logger.LogInformation("Skipped duplicate {Type} {EventId} in {Consumer}", type, message.EventId, ConsumerName);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            telemetry.ConsumeFailures.Add(1);
            logger.LogWarning(ex, "{Consumer} failed on {Type} {EventId}", ConsumerName, type, message.EventId);
            throw;
        }
    }

    /// <summary>Applies the event to <see cref="Db"/>; do not call SaveChanges (the base does, in its transaction).</summary>
    protected abstract Task HandleAsync(TEvent message, CancellationToken cancellationToken);
}
