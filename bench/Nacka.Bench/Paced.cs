using System.Diagnostics;
using System.Net.Http.Headers;

namespace Nacka.Bench;

/// <summary>
/// Requests sent at a fixed rate whether or not the earlier ones have answered (open loop), so the latencies are those a
/// caller sees at that rate — wrk's closed loop measures at the peak, where latency is mostly the queue it builds.
/// </summary>
public static class Paced
{
    public static async Task<object> RunAsync(string url, double perSecond, TimeSpan duration, string? bearer)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        var latencies = new Latencies();
        var failed = 0;
        var sent = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        var total = (int)(perSecond * duration.TotalSeconds);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            sent.Add(Task.Run(async () =>
            {
                var at = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(url);
                await response.Content.LoadIntoBufferAsync();
                if (response.IsSuccessStatusCode)
                {
                    latencies.AddSince(at);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }));
        }

        await Task.WhenAll(sent);
        return new { perSecond = Math.Round(perSecond, 1), latencyMs = latencies.Summary(), failed };
    }
}
