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

    private readonly CancellationTokenSource _stop;
    private readonly Task _listening;
    private Task<bool>? _marked;

    public NotificationWakes(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
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
    /// True when a notification came (before this call or within <paramref name="timeout"/>), false when the timeout passed first;
    /// throws what ended the listening when the connection failed, so the loop listens again on a new one.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_marks.Reader.TryRead(out _))
        {
            return true;
        }

        // A wait for a mark outlives a timeout (it is taken up by the next call), so waiting never leaves readers behind.
        _marked ??= _marks.Reader.WaitToReadAsync(cancellationToken).AsTask();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var first = await Task.WhenAny(_marked, Task.Delay(timeout, timer.Token), _listening);
        await timer.CancelAsync(); // the delay's timer goes now, not when it would have passed
        if (first == _listening)
        {
            await _listening;
        }

        if (first != _marked)
        {
            return false;
        }

        _marked = null;
        await first;
        return _marks.Reader.TryRead(out _);
    }

    /// <summary>Marks a wake as a notification would (the sequencer handing claimed rows to the dispatcher, <see cref="OutboxHandoff"/>).</summary>
    public void Wake() => _marks.Writer.TryWrite(true);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _listening.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _stop.Dispose();
    }
}
