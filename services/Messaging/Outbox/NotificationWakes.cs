using System.Threading.Channels;
using Npgsql;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// A listening connection's notifications as wake-ups for <see cref="OutboxWakeLoop"/>. One task waits on the connection, without
/// a timeout, for as long as it is open and marks a wake for each notification; the loop waits for a mark or its own timeout.
/// Why not <c>connection.WaitAsync(timeout)</c>: Npgsql throws and catches exceptions inside it whenever the timeout passes
/// (dotnet-counters on Units: five exceptions per rename, its two loops ending every round with a short wait that timed out).
/// Notifications that come while a round works are one mark, so they wake one more round, as they did before.
/// </summary>
internal sealed class NotificationWakes : IAsyncDisposable
{
    private readonly Channel<bool> _marks = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop;
    private readonly Task _listening;
    private Task<bool>? _marked;

    public NotificationWakes(NpgsqlConnection connection, TimeProvider clock, CancellationToken stoppingToken)
    {
        _clock = clock;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _listening = Task.Run(() => ListenAsync(connection, _stop.Token), CancellationToken.None);
    }

    private async Task ListenAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            await connection.WaitAsync(cancellationToken);
            Wake();
        }
    }

    /// <summary>
    /// Whether a notification came while the loop worked (<see cref="Woken.AlreadyNotified"/>, returned at once), came within
    /// <paramref name="timeout"/> (<see cref="Woken.Notified"/>) or not (<see cref="Woken.TimedOut"/>); throws what ended the
    /// listening when the connection failed, so the loop listens again on a new one.
    /// </summary>
    public async Task<Woken> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_marks.Reader.TryRead(out _))
        {
            return Woken.AlreadyNotified;
        }

        // A wait for a mark outlives a timeout (it is taken up by the next call), so waiting never leaves readers behind.
        _marked ??= _marks.Reader.WaitToReadAsync(cancellationToken).AsTask();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var first = await Task.WhenAny(_marked, Task.Delay(timeout, _clock, timer.Token), _listening);
        await timer.CancelAsync(); // the delay's timer goes now, not when it would have passed
        if (first == _listening)
        {
            await _listening;
        }

        if (first != _marked)
        {
            return Woken.TimedOut;
        }

        _marked = null;
        await first;
        return _marks.Reader.TryRead(out _) ? Woken.Notified : Woken.TimedOut;
    }

    /// <summary>Marks a wake as a notification would (the sequencer handing claimed rows to the dispatcher, <see cref="OutboxHandoff"/>).</summary>
    public void Wake() => _marks.Writer.TryWrite(true);

    /// <summary>Takes a mark set meanwhile (notifications that came after the one that woke the loop); true if there was one.</summary>
    public bool TakeMark() => _marks.Reader.TryRead(out _);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _listening.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _stop.Dispose();
    }
}

/// <summary>Why <see cref="NotificationWakes.WaitAsync"/> returned.</summary>
internal enum Woken
{
    /// <summary>No notification within the timeout.</summary>
    TimedOut,

    /// <summary>The loop waited and a notification woke it.</summary>
    Notified,

    /// <summary>A notification had come while the loop worked: it did not wait at all.</summary>
    AlreadyNotified,
}
