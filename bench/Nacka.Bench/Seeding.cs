using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Nacka.Bench;

/// <summary>
/// A realistic volume loaded through the gateway as a registrar and the KS secretariat would:
/// units (kinds and director posts from the demo) and a mandate for each unit.
/// </summary>
public sealed class Seeding(HttpClient gateway, string registrar, string secretariat)
{
    public async Task<List<Guid>> UnitsAsync(int count, int writers)
    {
        var directors = (await gateway.GetFromJsonAsync<JsonArray>("/api/directors"))!
            .Where(d => !d!["vacant"]!.GetValue<bool>()).Select(d => d!["id"]!.GetValue<Guid>()).ToList();
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = writers }, async (i, ct) =>
        {
            var body = new
            {
                name = $"Bänkenheten {i:D6}", kind = i % 3 == 0 ? "forskola" : "grundskola", managerTitle = "Rektor",
                directorPostId = directors[i % directors.Count], establishedOn = "2020-01-01", reason = "Belastningstest",
            };
            var created = await SendAsync(HttpMethod.Post, "/api/units", body, registrar, ct);
            ids.Add(created!["id"]!.GetValue<Guid>());
        });
        return [.. ids];
    }

    /// <summary>
    /// A mandate for each unit. The grant for the last unit created is sent first and retried until
    /// Mandates has heard of that unit: the time that takes is how far its read model of units lags
    /// behind the writes (returned, in seconds).
    /// </summary>
    public async Task<double> MandatesAsync(IReadOnlyList<Guid> units, int writers)
    {
        var ks = (await gateway.GetFromJsonAsync<JsonObject>("/api/committees/executive-board"))!["id"]!.GetValue<Guid>();
        object Grant(int i) => new
        {
            unitId = units[i], holder = new { name = $"Chef {i:D6}" }, title = "Rektor",
            decision = new { committeeId = ks, date = "2025-06-11", paragraph = $"§ {i % 500 + 1}" }, validFrom = "2025-07-01",
        };
        var caughtUp = System.Diagnostics.Stopwatch.StartNew();
        await SendAsync(HttpMethod.Post, "/api/mandates", Grant(units.Count - 1), secretariat, CancellationToken.None, patience: TimeSpan.FromMinutes(20));
        var lag = caughtUp.Elapsed.TotalSeconds;
        await Parallel.ForAsync(0, units.Count - 1, new ParallelOptions { MaxDegreeOfParallelism = writers }, async (i, ct) =>
            await SendAsync(HttpMethod.Post, "/api/mandates", Grant(i), secretariat, ct));
        return Math.Round(lag, 1);
    }

    /// <summary>Sends a write; a 422 while Mandates has not yet heard of a new unit is retried.</summary>
    public async Task<JsonObject?> SendAsync(HttpMethod method, string path, object body, string token, CancellationToken ct, TimeSpan? patience = null)
    {
        var giveUp = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await gateway.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync<JsonObject>(ct);
            }

            if (response.StatusCode != HttpStatusCode.UnprocessableEntity || DateTime.UtcNow > giveUp)
            {
                throw new WriteRefusedException(response.StatusCode, $"{method} {path}: {(int)response.StatusCode} "
                    + await response.Content.ReadAsStringAsync(ct));
            }

            await Task.Delay(200, ct);
        }
    }
}

/// <summary>A write answered with an error status (after any retries of a 422).</summary>
public sealed class WriteRefusedException(HttpStatusCode status, string message) : InvalidOperationException(message)
{
    public HttpStatusCode Status { get; } = status;
}
