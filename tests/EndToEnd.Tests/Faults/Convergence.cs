using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Nacka.Testing;
using Npgsql;
using Xunit;

namespace Nacka.EndToEnd.Tests.Faults;

/// <summary>
/// What must hold once a fault is over: the producer (Units) published everything it committed,
/// every consumer's read model equals the producer's state (count and a SHA-256 over every unit's
/// id:version), the replay feed holds every event once at gap-free positions, and nothing the load
/// wrote took effect twice.
/// </summary>
public static class Convergence
{
    /// <summary>The services whose read models follow Units' events.</summary>
    internal static readonly string[] Consumers = ["processes", "committees", "mandates"];

    /// <summary>Waits until the consumers caught up, then checks everything; returns what it compared.</summary>
    public static async Task<string> AssertConvergedAsync(RunningSystem system, WriteLoadResult load, string label, TimeSpan timeout, CancellationToken ct)
    {
        var producer = await ConnectionStringAsync(system, "unitsdb", ct);
        string last = "";
        await Eventually.HoldsAsync(async () =>
        {
            var unsent = await ScalarAsync<long>(producer, "SELECT count(*) FROM units.outbox_messages WHERE sent_at IS NULL OR position IS NULL", ct);
            var state = await VersionsAsync(producer, "SELECT \"UnitId\", \"Version\" FROM units.units", ct);
            var behind = new List<string>();
            foreach (var consumer in Consumers)
            {
                var seen = await VersionsAsync(await ConnectionStringAsync(system, consumer + "db", ct),
                    $"SELECT entity_id, version FROM {consumer}.read_model_versions WHERE source = 'units'", ct);
                var differing = state.Count(u => seen.GetValueOrDefault(u.Key) != u.Value);
                if (differing > 0)
                {
                    behind.Add($"{consumer}: {differing} unit(s) differ");
                }
            }

            last = $"unsent or unsequenced events: {unsent}; " + (behind.Count == 0 ? "all consumers equal" : string.Join("; ", behind));
            return unsent == 0 && behind.Count == 0;
        }, timeout, () => Task.FromResult(last));

        // The producer: one unit per Idempotency-Key, each changed exactly twice (created, renamed once).
        var units = await VersionsAsync(producer, "SELECT \"UnitId\", \"Version\" FROM units.units", ct);
        var named = await ScalarAsync<long>(producer, $"SELECT count(*) FROM units.units WHERE \"Name\" LIKE '{label} %'", ct);
        Assert.Equal(load.Units.Count, named);
        Assert.All(load.Units, u => Assert.Equal(2, units[u.Id]));

        // Every consumer's read model: same units, same versions.
        var expected = Checksum(units);
        var compared = new StringBuilder($"producer: {units.Count} units, checksum {expected[..16]}");
        foreach (var consumer in Consumers)
        {
            var seen = (await VersionsAsync(await ConnectionStringAsync(system, consumer + "db", ct),
                $"SELECT entity_id, version FROM {consumer}.read_model_versions WHERE source = 'units'", ct))
                .Where(v => units.ContainsKey(v.Key)).ToDictionary();
            Assert.Equal(units.Count, seen.Count);
            Assert.Equal(expected, Checksum(seen));
            compared.Append($"; {consumer}: {seen.Count} units, checksum {Checksum(seen)[..16]}");
        }

        // The replay feed: positions 1..N without a gap, every event once, every written version once.
        var feed = await ReadFeedAsync(system, ct);
        var stored = await ScalarAsync<long>(producer, "SELECT count(*) FROM units.outbox_messages", ct);
        Assert.Equal(Enumerable.Range(1, feed.Count).Select(p => (long)p), feed.Select(e => e.Position));
        Assert.Equal(stored, feed.Count);
        Assert.Equal(feed.Count, feed.Select(e => e.EventId).Distinct().Count());
        var versionsBySubject = feed.ToLookup(e => e.Subject, e => e.Version);
        Assert.All(load.Units, u => Assert.Equal([1, 2], versionsBySubject[u.Id].Order()));
        compared.Append($"; feed: {feed.Count} events at positions 1..{feed.Count}");
        return compared.ToString();
    }

    private sealed record FeedEntry(long Position, Guid EventId, Guid Subject, int Version);

    private static async Task<List<FeedEntry>> ReadFeedAsync(RunningSystem system, CancellationToken ct)
    {
        var entries = new List<FeedEntry>();
        long after = 0;
        while (true)
        {
            var page = await system.GetAsync($"/events/units?after={after}&limit=1000", ct);
            entries.AddRange(page["events"]!.AsArray().Select(e => new FeedEntry(
                e!["position"]!.GetValue<long>(), e["eventId"]!.GetValue<Guid>(), e["subject"]!.GetValue<Guid>(), e["version"]!.GetValue<int>())));
            after = page["lastPosition"]!.GetValue<long>();
            if (!page["hasMore"]!.GetValue<bool>())
            {
                return entries;
            }
        }
    }

    private static string Checksum(IReadOnlyDictionary<Guid, int> versions) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', versions.OrderBy(v => v.Key).Select(v => $"{v.Key}:{v.Value}")))));

    // Not pooled: the suite restarts PostgreSQL, and a pooled connection from before would fail its next command.
    internal static async Task<string> ConnectionStringAsync(RunningSystem system, string database, CancellationToken ct) =>
        new NpgsqlConnectionStringBuilder(await system.App.GetConnectionStringAsync(database, ct)
            ?? throw new InvalidOperationException($"No connection string for {database}."))
        {
            Pooling = false,
        }.ConnectionString;

    internal static async Task<Dictionary<Guid, int>> VersionsAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var versions = new Dictionary<Guid, int>();
        while (await reader.ReadAsync(ct))
        {
            versions[reader.GetGuid(0)] = reader.GetInt32(1);
        }

        return versions;
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }
}
