using System.ComponentModel.DataAnnotations;

namespace Nacka.Messaging;

/// <summary>Settings under <c>Messaging</c>, validated at start.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>How often the dispatcher looks for unsent rows when no notification arrives.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Rows claimed per dispatcher transaction, published together with their confirms awaited at once. 500 rather than 100:
    /// fewer claims and marks per event after an outage (docs/messaging.md).
    /// </summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long one publish may wait for the broker's confirm before the batch stops.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a claimed batch is leased: three publish timeouts, at least a minute. A crashed replica's rows are free after it.</summary>
    internal TimeSpan ClaimLease => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, PublishTimeout.Ticks * 3));

    /// <summary>
    /// Sent events are kept this long as the replay feed, then deleted (the newest is always kept,
    /// so feed positions never restart). Subscribers must not lag further behind than this.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary><c>/health</c> reports Degraded when the oldest unsent event is older than this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan BacklogDegradedAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Declare this service's queues as quorum queues: replicated over the broker's nodes, so a
    /// cluster (three nodes in deploy/) can lose one without losing a message. Works on a single
    /// broker too. A queue's type is fixed when it is first declared: switching an existing broker
    /// means deleting the service's queues (or a new virtual host) while the service is stopped.
    /// </summary>
    public bool QuorumQueues { get; set; }

    /// <summary>Consumer retries (exponential backoff) before an event goes to the error queue.</summary>
    [Range(0, 20)]
    public int ConsumerRetries { get; set; } = 5;
}
