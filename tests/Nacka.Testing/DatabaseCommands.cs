using System.Diagnostics.Metrics;

namespace Nacka.Testing;

/// <summary>
/// Counts the commands this process sends to one database. Npgsql records one <c>db.client.operation.duration</c> measurement per
/// command or batch it sends (a commit is not one), tagged with its pool, which names the database: other tests' databases do not
/// count. A round trip a change adds or removes shows here, whatever sent it (EF Core, a batch, a trigger's caller).
/// </summary>
public sealed class DatabaseCommands : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _sent;

    private DatabaseCommands(string database)
    {
        var pool = $"Database={database};";
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "db.client.operation.duration" && instrument.Meter.Name == "Npgsql")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "db.client.connection.pool.name" && tag.Value is string name && name.Contains(pool, StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _sent);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Commands sent since <see cref="To"/> (or the last <see cref="Reset"/>).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Starts counting the commands sent to the database <paramref name="connectionString"/> names.</summary>
    public static DatabaseCommands To(string connectionString) =>
        new(new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database ?? throw new ArgumentException("No database named.", nameof(connectionString)));

    public void Reset() => Interlocked.Exchange(ref _sent, 0);

    public void Dispose() => _listener.Dispose();
}
