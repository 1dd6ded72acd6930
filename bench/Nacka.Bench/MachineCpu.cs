using System.Globalization;

namespace Nacka.Bench;

/// <summary>
/// CPU time the whole machine spent (all cores, every process: the services, PostgreSQL, RabbitMQ, the orchestrator and the
/// bench's own load generator), from /proc/stat. Divided by the writes made meanwhile it gives issue 22's "CPU per write
/// across the whole system" — an upper bound, since the load generator's share is in it.
/// </summary>
public static class MachineCpu
{
    /// <summary>Linux reports CPU time in /proc in clock ticks of 1/100 s (USER_HZ) on every architecture we run on.</summary>
    public const double TicksPerSecond = 100.0;

    /// <summary>Busy CPU seconds since boot, summed over cores (user, nice, system, irq, softirq, steal; not idle or iowait).</summary>
    public static double BusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal ...
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
        return busy / TicksPerSecond;
    }

    /// <summary>Milliseconds of machine CPU per write between <paramref name="busyBefore"/> and now.</summary>
    public static double MillisecondsPerWrite(double busyBefore, int writes) => Math.Round((BusySeconds() - busyBefore) * 1000 / Math.Max(writes, 1), 2);
}
