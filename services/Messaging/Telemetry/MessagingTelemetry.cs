using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nacka.Messaging.Telemetry;

/// <summary>
/// Spans and metrics of the outbox and the consumers, under the name <c>Nacka.Messaging</c> that the
/// service defaults export to the dashboard.
/// </summary>
public sealed class MessagingTelemetry : IDisposable
{
    public const string Name = "Nacka.Messaging";
    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;
    private long _backlogCount;
    private double _oldestUnsentAgeSeconds;

    public MessagingTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Published = _meter.CreateCounter<long>("nacka.outbox.published", "{event}", "Events published with a broker confirm.");
        PublishFailures = _meter.CreateCounter<long>("nacka.outbox.publish_failures", "{event}",
            "Publish attempts that failed; the event stays in the outbox.");
        OutboxRounds = _meter.CreateCounter<long>("nacka.outbox.rounds", "{round}",
            "Rounds of work of the outbox dispatcher and the feed sequencer, each woken by commits or the poll.");
        // "inbox" from the first consumers, which kept an inbox table; the names stay so dashboards and alerts keep working.
        Consumed = _meter.CreateCounter<long>("nacka.inbox.consumed", "{event}", "Events whose effect was applied.");
        DuplicatesSkipped = _meter.CreateCounter<long>("nacka.inbox.duplicates_skipped", "{event}", "Redelivered events acknowledged without a second effect.");
        ConsumeFailures = _meter.CreateCounter<long>("nacka.inbox.failures", "{event}", "Consume attempts that threw; retried, then moved to the error queue.");
        GroupSize = _meter.CreateHistogram<int>("nacka.inbox.group_size", "{event}", "Events a read model applied together in one transaction.");
        _meter.CreateObservableGauge("nacka.outbox.backlog", () => Interlocked.Read(ref _backlogCount), "{event}", "Events written but not yet published.");
        _meter.CreateObservableGauge("nacka.outbox.oldest_unsent_age", () => Volatile.Read(ref _oldestUnsentAgeSeconds), "s",
            "Age of the oldest unpublished event.");
    }

    public Counter<long> Published { get; }
    public Counter<long> PublishFailures { get; }
    public Counter<long> OutboxRounds { get; }
    public Counter<long> Consumed { get; }
    public Counter<long> DuplicatesSkipped { get; }
    public Counter<long> ConsumeFailures { get; }
    public Histogram<int> GroupSize { get; }

    public void RecordBacklog(long count, TimeSpan oldestAge)
    {
        Interlocked.Exchange(ref _backlogCount, count);
        Volatile.Write(ref _oldestUnsentAgeSeconds, oldestAge.TotalSeconds);
    }

    public void Dispose() => _meter.Dispose();
}
