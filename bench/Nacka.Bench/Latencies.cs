using System.Diagnostics;

namespace Nacka.Bench;

/// <summary>Latency samples in milliseconds and their percentiles.</summary>
public sealed class Latencies
{
    private readonly List<double> _samples = [];

    public int Count => _samples.Count;

    public void Add(double milliseconds)
    {
        lock (_samples)
        {
            _samples.Add(milliseconds);
        }
    }

    public void AddSince(long startTimestamp) => Add(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public double Percentile(double p)
    {
        lock (_samples)
        {
            if (_samples.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _samples.Order().ToList();
            return Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)], 3);
        }
    }

    public Dictionary<string, double> Summary() => Count == 0
        ? new() { ["n"] = 0 }
        : new() { ["p50"] = Percentile(50), ["p95"] = Percentile(95), ["p99"] = Percentile(99), ["n"] = Count };
}
