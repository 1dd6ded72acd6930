using System.Globalization;

namespace Nacka.Bench;

/// <summary>
/// CPU seconds used so far by every process on the machine, grouped by what it is (a service by its program's name,
/// PostgreSQL's backends together, RabbitMQ's Erlang VM, the bench's own load generator, the rest): two readings around a
/// load show where its CPU went.
/// </summary>
public static class CpuByProcess
{
    private static readonly string[] Programs = ["Nacka.Units", "Nacka.Mandates", "Nacka.Committees", "Nacka.Processes", "Nacka.Gateway",
        "Nacka.Identity", "Nacka.Portal", "Nacka.Bench"];

    public static Dictionary<string, double> Seconds() => SecondsBy((commandLine, _, _) => GroupOf(commandLine));

    /// <summary>The name the bench's own connections give PostgreSQL, so that their CPU is told apart from the system's.</summary>
    public const string BenchApplicationName = "nacka-bench";

    /// <summary>
    /// PostgreSQL's CPU seconds so far by what its processes do: the connections to each database together, the bench's own
    /// connections apart (its watchers poll while a load runs; found by <see cref="BenchApplicationName"/> through
    /// <paramref name="database"/>), each background process by its role (WAL writer, checkpointer, autovacuum…), and the
    /// server with its processes that have ended (the server counts the CPU of the children it reaped: connections closed,
    /// autovacuum workers). Which part of PostgreSQL's CPU per write is the services' statements and commits, and which is the
    /// server's own upkeep or the bench's.
    /// </summary>
    public static async Task<Dictionary<string, double>> PostgresSecondsAsync(string database)
    {
        var bench = new HashSet<int>();
        await using (var connection = new Npgsql.NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var backends = new Npgsql.NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE application_name = $1", connection)
            {
                Parameters = { new() { Value = BenchApplicationName } },
            };
            await using var reader = await backends.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                bench.Add(reader.GetInt32(0));
            }
        }

        return SecondsBy((commandLine, fields, pid) => PostgresPart(commandLine, fields, bench.Contains(pid)));
    }

    private static Part? PostgresPart(string commandLine, string[] fields, bool benchBackend)
    {
        if (GroupOf(commandLine) != "postgresql")
        {
            return null;
        }

        if (benchBackend)
        {
            return "the bench's own connections";
        }

        // A child renames itself "postgres: <what it does>"; a connection "postgres: <user> <database> <host(port)> <state>".
        if (!commandLine.StartsWith("postgres: ", StringComparison.Ordinal))
        {
            return ("the server and its ended processes", fields[11..15].Sum(field => long.Parse(field, CultureInfo.InvariantCulture)));
        }

        var words = commandLine["postgres: ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            [var role, ..] when role.StartsWith("autovacuum", StringComparison.Ordinal) => "autovacuum",
            [_, var database, var client, ..] when client.Contains('(', StringComparison.Ordinal) || client == "[local]" => $"connections to {database}",
            _ => string.Join(' ', words),
        };
    }

    private static Dictionary<string, double> SecondsBy(Func<string, string[], int, Part?> partOf)
    {
        var totals = new Dictionary<string, double>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // Fields after the ")" that ends the command name: state is field 3, utime 14, stime 15, and the reaped children's
                // cutime 16 and cstime 17 (1-based).
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (partOf(commandLine, fields, pid) is { Name: var name } part)
                {
                    var ticks = part.Ticks ?? long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                    totals[name] = totals.GetValueOrDefault(name) + ticks / MachineCpu.TicksPerSecond;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended while it was read.
            }
        }

        return totals;
    }

    /// <summary>What a process counts as, and its ticks when not its own CPU.</summary>
    private readonly record struct Part(string Name, long? Ticks = null)
    {
        public static implicit operator Part(string name) => new(name);

        public static implicit operator Part((string Name, long Ticks) counted) => new(counted.Name, counted.Ticks);
    }

    /// <summary>
    /// Milliseconds of CPU per write for each group between <paramref name="before"/> and <paramref name="after"/> (now when not
    /// given), largest first.
    /// </summary>
    public static Dictionary<string, double> MillisecondsPerWrite(Dictionary<string, double> before, int writes,
        Dictionary<string, double>? after = null) => (after ?? Seconds())
        .Select(after => (after.Key, Ms: (after.Value - before.GetValueOrDefault(after.Key)) * 1000 / Math.Max(writes, 1)))
        .Where(g => g.Ms >= 0.05).OrderByDescending(g => g.Ms).ToDictionary(g => g.Key, g => Math.Round(g.Ms, 2));

    /// <summary>Seconds of CPU for each group since <paramref name="before"/>, largest first (a thousandth of a second per write per
    /// thousand writes).</summary>
    public static Dictionary<string, double> SecondsSince(Dictionary<string, double> before) => MillisecondsPerWrite(before, 1000);

    /// <summary>
    /// Waits until no program of the system spends more than <paramref name="msPerSecond"/> of CPU in a second, at most
    /// <paramref name="atMost"/>; returns the seconds waited.
    /// </summary>
    public static async Task<double> WaitUntilQuietAsync(double msPerSecond, TimeSpan atMost)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (System.Diagnostics.Stopwatch.GetElapsedTime(started) < atMost)
        {
            var before = Seconds();
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (MillisecondsPerWrite(before, 1).Where(g => g.Key is not ("other" or "bench")).All(g => g.Value <= msPerSecond))
            {
                break;
            }
        }

        return Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
    }

    private static string GroupOf(string commandLine)
    {
        // `dotnet run --project …/Nacka.Units.csproj` is the launcher, not the service: it names the .csproj, not the program.
        if (commandLine.Contains("dotnet run", StringComparison.Ordinal))
        {
            return "dotnet run launchers";
        }

        foreach (var program in Programs)
        {
            if (commandLine.Contains(program + " ", StringComparison.Ordinal) || commandLine.Contains(program + ".dll", StringComparison.Ordinal)
                || commandLine.TrimEnd().EndsWith(program, StringComparison.Ordinal))
            {
                return program["Nacka.".Length..].ToLowerInvariant();
            }
        }

        return commandLine switch
        {
            _ when commandLine.StartsWith("postgres", StringComparison.Ordinal) || commandLine.Contains("/postgres ", StringComparison.Ordinal) => "postgresql",
            _ when commandLine.Contains("beam.smp", StringComparison.Ordinal) || commandLine.Contains("rabbit", StringComparison.Ordinal) => "rabbitmq",
            _ when commandLine.Contains("dcp", StringComparison.Ordinal) => "orchestrator (dcp)",
            _ => "other",
        };
    }
}
