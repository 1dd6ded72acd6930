using System.Diagnostics;
using Nacka.LocalServers;
using Npgsql;

namespace Nacka.Bench;

/// <summary>
/// The outbox drain: with the broker stopped (<c>rabbitmqctl stop_app</c>), renames pile up as a
/// backlog of unsent events in Units' outbox; the broker is started again and the time until the
/// last one is confirmed gives events per second. Units are renamed round-robin, so one unit has
/// several events waiting and the dispatcher must keep each unit's events in order.
/// </summary>
public static class Drain
{
    /// <param name="FailedPublishAttempts">Attempts that failed before the drained events were sent (each stops its round; the next comes a
    /// second later).</param>
    /// <param name="LongestPauseSeconds">The longest time between two consecutive sends while draining.</param>
    /// <param name="SentPerQuarterSecond">Events confirmed in each quarter second from the first: where a drain slows or pauses.</param>
    /// <param name="CpuMsByProcessUntilFirstSent">CPU each program spent from <c>start_app</c> to the first event sent (read every 100 ms):
    /// the broker starting its application again.</param>
    /// <param name="CpuMsByProcessWhileDraining">CPU each program spent from then to the outbox empty (the read models apply the same
    /// events meanwhile, on the same cores).</param>
    public sealed record Result(int Backlog, double SecondsToBuildBacklog, double SecondsFromBrokerStartToEmpty, double SecondsFirstToLastSent,
        double EventsPerSecond, long FailedPublishAttempts, double LongestPauseSeconds, IReadOnlyList<long> SentPerQuarterSecond,
        IReadOnlyDictionary<string, double> CpuMsByProcessUntilFirstSent, IReadOnlyDictionary<string, double> CpuMsByProcessWhileDraining);

    public static async Task<Result> AfterOutageAsync(Seeding seeding, LocalRabbitMq broker, string unitsDatabase, IReadOnlyList<Guid> units,
        string registrar, int backlog)
    {
        await using var database = new NpgsqlConnection(unitsDatabase);
        await database.OpenAsync();
        var before = await UnsentAsync(database);

        await broker.CtlAsync("stop_app", CancellationToken.None);
        var building = Stopwatch.GetTimestamp();
        var next = -1;
        var marker = Guid.NewGuid().ToString("N")[..8];
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < backlog; i = Interlocked.Increment(ref next))
            {
                await seeding.SendAsync(HttpMethod.Post, $"/api/units/{units[i % units.Count]}/rename",
                    new { name = $"Kö {marker} {i}", reason = "Belastningstest: kö efter avbrott" }, registrar, CancellationToken.None);
            }
        })));
        var built = Stopwatch.GetElapsedTime(building).TotalSeconds;

        var brokerStarted = DateTimeOffset.UtcNow;
        var draining = Stopwatch.GetTimestamp();
        var cpuAtStart = CpuByProcess.Seconds();
        await broker.CtlAsync("start_app", CancellationToken.None);
        var cpuAtFirstSent = (Dictionary<string, double>?)null;
        long backlogLeft;
        while ((backlogLeft = await UnsentAsync(database)) > before)
        {
            if (cpuAtFirstSent is null && backlogLeft < before + backlog)
            {
                cpuAtFirstSent = CpuByProcess.Seconds();
            }

            await Task.Delay(100);
        }

        var cpuWhileStarting = CpuByProcess.MillisecondsPerWrite(cpuAtStart, 1, cpuAtFirstSent ?? cpuAtStart);
        var cpuWhileDraining = CpuByProcess.MillisecondsPerWrite(cpuAtFirstSent ?? cpuAtStart, 1);
        var drained = Stopwatch.GetElapsedTime(draining).TotalSeconds;
        await using var span = new NpgsqlCommand("SELECT EXTRACT(EPOCH FROM max(sent_at) - min(sent_at))::float8 FROM units.outbox_messages WHERE "
            + "sent_at >= $1", database)
        {
            Parameters = { new() { Value = brokerStarted } },
        };
        var firstToLast = (double)(await span.ExecuteScalarAsync())!;
        await using var pauses = new NpgsqlCommand(
            """
            SELECT (sum(attempts) - count(*))::bigint, coalesce(EXTRACT(EPOCH FROM max(gap))::float8, 0)
            FROM (SELECT attempts, sent_at - lag(sent_at) OVER (ORDER BY sent_at) AS gap FROM units.outbox_messages WHERE sent_at >= $1) sent
            """, database)
        {
            Parameters = { new() { Value = brokerStarted } },
        };
        long failedAttempts;
        double longestPause;
        await using (var reader = await pauses.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (failedAttempts, longestPause) = (reader.GetInt64(0), reader.GetDouble(1));
        }

        await using var quarters = new NpgsqlCommand(
            """
            WITH sent AS (SELECT floor(EXTRACT(EPOCH FROM sent_at - min(sent_at) OVER ()) * 4)::int AS q FROM units.outbox_messages WHERE sent_at >= $1)
            SELECT count(sent.q) FROM generate_series(0, (SELECT max(q) FROM sent)) g(q) LEFT JOIN sent ON sent.q = g.q GROUP BY g.q ORDER BY g.q
            """, database)
        {
            Parameters = { new() { Value = brokerStarted } },
        };
        var perQuarter = new List<long>();
        await using (var reader = await quarters.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                perQuarter.Add(reader.GetInt64(0));
            }
        }

        return new Result(backlog, Math.Round(built, 1), Math.Round(drained, 1), Math.Round(firstToLast, 1),
            Math.Round(backlog / Math.Max(firstToLast, 0.001), 0), failedAttempts, Math.Round(longestPause, 2), perQuarter,
            cpuWhileStarting, cpuWhileDraining);
    }

    private static async Task<long> UnsentAsync(NpgsqlConnection database)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) FROM units.outbox_messages WHERE sent_at IS NULL", database);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
