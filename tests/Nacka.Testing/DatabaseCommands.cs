using System.Diagnostics.Metrics;

namespace Nacka.Testing;

/// <summary>
/// Counts the commands this process sends to one database. Npgsql records one <c>db.client.operation.duration</c> measurement per
/// command or batch it sends (a commit is not one), tagged with its pool, which names the database: other tests' databases do not
/// count. A round trip a change adds or removes shows here, whatever sent it (EF Core, a batch, a trigger's caller).
/// </summary>
public sealed class DatabaseCommands : IDisposable
{
    // Set in the test's own flow by ForRequestsTo: a measurement taken in that flow (the test, and the in-memory server's handling
    // of the test's requests) counts, one taken by the host's own loops (the outbox, consumers) does not.
    private static readonly AsyncLocal<DatabaseCommands?> CountingFlow = new();

    private readonly MeterListener _listener = new();
    private readonly bool _onlyThisFlow;
    private long _sent;

    private DatabaseCommands(string connectionString, bool onlyThisFlow)
    {
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("No database named.", nameof(connectionString));
        var pool = $"Database={database};";
        _onlyThisFlow = onlyThisFlow;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "db.client.operation.duration" && instrument.Meter.Name == "Npgsql")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            if (_onlyThisFlow && !ReferenceEquals(CountingFlow.Value, this))
            {
                return;
            }

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

    /// <summary>Starts counting every command this process sends to the database <paramref name="connectionString"/> names.</summary>
    public static DatabaseCommands To(string connectionString) => new(connectionString, onlyThisFlow: false);

    /// <summary>
    /// Starts counting the commands <paramref name="service"/> sends to its database while it handles the requests the calling test
    /// makes from here on, and none its background loops send meanwhile (the outbox woken by a write just before, a poll round):
    /// a count taken right after a write holds whenever they run. The in-memory server keeps the caller's execution context for it
    /// in the clients created after this call.
    /// </summary>
    public static DatabaseCommands ForRequestsTo<TProgram>(ServiceFactory<TProgram> service) where TProgram : class
    {
        service.Server.PreserveExecutionContext = true;
        var commands = new DatabaseCommands(service.DatabaseConnectionString, onlyThisFlow: true);
        CountingFlow.Value = commands; // a synchronous call: the value stays in the caller's flow
        return commands;
    }

    public void Reset() => Interlocked.Exchange(ref _sent, 0);

    public void Dispose()
    {
        _listener.Dispose();
        if (ReferenceEquals(CountingFlow.Value, this))
        {
            CountingFlow.Value = null;
        }
    }
}
