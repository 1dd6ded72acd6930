using System.Text.Json.Nodes;
using Npgsql;

namespace Nacka.Bench;

/// <summary>
/// Where PostgreSQL's time goes per write, from <c>pg_stat_statements</c> (the bench's server loads it): reset before a load,
/// read after it. Execution time only — parsing, the protocol, commits' WAL flushes and the server's background work are not in
/// it, so the sum is below PostgreSQL's CPU per write that <see cref="CpuByProcess"/> measures; the gap is itself a finding.
/// </summary>
internal static class StatementStatistics
{
    public static async Task ResetAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var reset = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();", connection);
        await reset.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Per database, the statements' execution time per write (statements a client sent; a trigger's are inside its statement's),
    /// and the <paramref name="top"/> statements by time, triggers' own listed apart (<c>nested</c>).
    /// </summary>
    public static async Task<JsonObject> PerWriteAsync(string database, int writes, int top = 12)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var byDatabase = new JsonObject();
        await using (var sums = new NpgsqlCommand("""
            SELECT d.datname, sum(s.total_exec_time) / @writes, sum(s.calls)::float8 / @writes
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE s.toplevel AND d.datname LIKE '%db' GROUP BY 1 ORDER BY 2 DESC
            """, connection))
        {
            sums.Parameters.AddWithValue("writes", (double)writes);
            await using var rows = await sums.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                byDatabase[rows.GetString(0)] = new JsonObject
                {
                    ["execMs"] = Math.Round(rows.GetDouble(1), 3), ["statements"] = Math.Round(rows.GetDouble(2), 1),
                };
            }
        }

        var statements = new JsonArray();
        await using (var heaviest = new NpgsqlCommand("""
            SELECT d.datname, NOT s.toplevel, s.calls::float8 / @writes, s.total_exec_time / @writes, s.shared_blks_hit::float8 / greatest(s.calls, 1),
                left(regexp_replace(s.query, '\s+', ' ', 'g'), 140)
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname LIKE '%db' ORDER BY s.total_exec_time DESC LIMIT @top
            """, connection))
        {
            heaviest.Parameters.AddWithValue("writes", (double)writes);
            heaviest.Parameters.AddWithValue("top", top);
            await using var rows = await heaviest.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                statements.Add(new JsonObject
                {
                    ["database"] = rows.GetString(0), ["nested"] = rows.GetBoolean(1), ["callsPerWrite"] = Math.Round(rows.GetDouble(2), 2),
                    ["execMsPerWrite"] = Math.Round(rows.GetDouble(3), 3), ["blocksPerCall"] = Math.Round(rows.GetDouble(4), 0),
                    ["statement"] = rows.GetString(5),
                });
            }
        }

        return new JsonObject { ["execMsPerWriteByDatabase"] = byDatabase, ["top"] = statements };
    }
}
