using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Nacka.EndToEnd.Tests.Faults;

/// <summary>A unit the load created and renamed: its id, its name after the rename, and the key its create was sent with.</summary>
public sealed record WrittenUnit(Guid Id, string Name, string IdempotencyKey);

/// <summary>What the load saw: the units it wrote, and every attempt that had to be repeated and why.</summary>
public sealed record WriteLoadResult(IReadOnlyList<WrittenUnit> Units, int Writes, IReadOnlyDictionary<string, int> Retries, TimeSpan Elapsed, TimeSpan Fault)
{
    public override string ToString() =>
        $"{Writes} writes in {Elapsed.TotalSeconds:0.0} s ({Writes / Elapsed.TotalSeconds:0} writes/s); the fault took {Fault.TotalSeconds:0.0} s; retried: "
        + (Retries.Count == 0 ? "none" : string.Join(", ", Retries.OrderBy(r => r.Key).Select(r => $"{r.Key} ×{r.Value}")));
}

/// <summary>
/// Writes through the gateway the way a careful client does while something breaks: each unit is
/// created with an <c>Idempotency-Key</c> and then renamed with <c>If-Match: "1"</c>, by eight
/// writers at once; a failed attempt (5xx, timeout, dropped connection) is repeated with the same
/// key or the same precondition until it gets an answer, so a repeat can never apply twice. Halfway
/// through, <c>fault</c> runs alongside the writers.
/// </summary>
public static class WriteLoad
{
    private const int Writers = 8;
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WriteDeadline = TimeSpan.FromMinutes(4);

    public static async Task<WriteLoadResult> RunAsync(RunningSystem system, string label, int writes, Func<CancellationToken, Task> fault,
        CancellationToken ct)
    {
        var token = await system.TokenAsync("Feltålighetstest", "registrar");
        var director = (await system.Gateway.GetFromJsonAsync<JsonArray>("/api/directors", ct))!
            .First(post => post!["vacant"]!.GetValue<bool>() == false)!["id"]!.GetValue<Guid>();
        var unitCount = writes / 2;
        var units = new WrittenUnit?[unitCount];
        var retries = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var completed = 0;
        var next = -1;
        var faultStarted = new TaskCompletionSource<Task<TimeSpan>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = Stopwatch.GetTimestamp();

        void Completed()
        {
            if (Interlocked.Increment(ref completed) == writes / 2)
            {
                faultStarted.TrySetResult(Task.Run(async () =>
                {
                    var began = Stopwatch.GetTimestamp();
                    await fault(ct);
                    return Stopwatch.GetElapsedTime(began);
                }, ct));
            }
        }

        async Task<HttpResponseMessage> SendUntilAnsweredAsync(Func<HttpRequestMessage> request)
        {
            var deadline = DateTime.UtcNow + WriteDeadline;
            var delay = TimeSpan.FromMilliseconds(200);
            while (true)
            {
                string why;
                try
                {
                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    attempt.CancelAfter(AttemptTimeout);
                    using var message = request();
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    var response = await system.Gateway.SendAsync(message, attempt.Token);
                    if ((int)response.StatusCode < 500)
                    {
                        return response;
                    }

                    why = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    response.Dispose();
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    why = ex is TaskCanceledException ? "timeout" : "connection";
                }

                retries.AddOrUpdate(why, 1, (_, n) => n + 1);
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"A write got no answer within {WriteDeadline} (last: {why}).");
                }

                await Task.Delay(delay, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(2000, delay.TotalMilliseconds * 2));
            }
        }

        async Task WriterAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < unitCount; i = Interlocked.Increment(ref next))
            {
                var name = $"{label} {i:0000}";
                var key = Guid.NewGuid().ToString();
                Guid id;
                using (var created = await SendUntilAnsweredAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/units")
                {
                    Headers = { { "Idempotency-Key", key } },
                    Content = JsonContent.Create(new { name, kind = "forskola", managerTitle = "Rektor", directorPostId = director,
                        reason = "Feltålighetstest" }),
                }))
                {
                    await ExpectAsync(created, HttpStatusCode.Created);
                    id = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<Guid>();
                }

                Completed();
                var renamed = name + " omdöpt";
                using (var rename = await SendUntilAnsweredAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/api/units/{id}/rename")
                {
                    Headers = { { "If-Match", "\"1\"" } },
                    Content = JsonContent.Create(new { name = renamed, reason = "Feltålighetstest" }),
                }))
                {
                    if (rename.StatusCode == HttpStatusCode.PreconditionFailed)
                    {
                        // An earlier attempt applied it and its answer was lost: the unit must show exactly that change.
                        var unit = await system.GetAsync($"/api/units/{id}", ct);
                        if (unit["version"]!.GetValue<int>() != 2 || unit["name"]!.GetValue<string>() != renamed)
                        {
                            throw new InvalidOperationException($"Rename of {id} refused with 412 but the unit is {unit.ToJsonString()}");
                        }
                    }
                    else
                    {
                        await ExpectAsync(rename, HttpStatusCode.OK);
                    }
                }

                Completed();
                units[i] = new WrittenUnit(id, renamed, key);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(WriterAsync, ct)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        // The writers finished: the fault must have run (and failed the load if it threw).
        var faultTook = await await faultStarted.Task.WaitAsync(TimeSpan.FromMinutes(2), ct);
        return new WriteLoadResult([.. units.Select(u => u!)], writes, retries, elapsed, faultTook);
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"Expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
