using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Nacka.Bench;

/// <summary>One run of wrk (Debian's package): requests per second and latency percentiles.</summary>
public sealed record WrkResult(string Url, double RequestsPerSecond, double P50Ms, double P99Ms, long Non2xx)
{
    public static async Task<WrkResult> RunAsync(string url, int connections, TimeSpan duration, string? bearer)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency",
            .. bearer is null ? [] : (string[])["-H", $"Authorization: Bearer {bearer}"], url])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start: apt-get install wrk");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (!output.Contains("Requests/sec:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"wrk {url} gave no figures: {output} {errors}");
        }

        double Number(string pattern) => double.Parse(Regex.Match(output, pattern).Groups[1].Value, CultureInfo.InvariantCulture);
        double Ms(string label)
        {
            var m = Regex.Match(output, $@"\s{label}%\s+([\d.]+)(us|ms|s)");
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        }

        var non2xx = Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)") is { Success: true } n
            ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new WrkResult(url, Number(@"Requests/sec:\s+([\d.]+)"), Ms("50"), Ms("99"), non2xx);
    }
}
