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

    public static Dictionary<string, double> Seconds()
    {
        var totals = new Dictionary<string, double>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // Fields after the ")" that ends the command name: state is field 3, utime 14 and stime 15 (1-based).
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                var group = GroupOf(File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' '));
                totals[group] = totals.GetValueOrDefault(group) + ticks / MachineCpu.TicksPerSecond;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended while it was read.
            }
        }

        return totals;
    }

    /// <summary>
    /// Milliseconds of CPU per write for each group between <paramref name="before"/> and <paramref name="after"/> (now when not
    /// given), largest first.
    /// </summary>
    public static Dictionary<string, double> MillisecondsPerWrite(Dictionary<string, double> before, int writes,
        Dictionary<string, double>? after = null) => (after ?? Seconds())
        .Select(after => (after.Key, Ms: (after.Value - before.GetValueOrDefault(after.Key)) * 1000 / Math.Max(writes, 1)))
        .Where(g => g.Ms >= 0.05).OrderByDescending(g => g.Ms).ToDictionary(g => g.Key, g => Math.Round(g.Ms, 2));

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
