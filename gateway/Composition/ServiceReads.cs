using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Nacka.Gateway.Composition;

/// <summary>Settings under <c>Composition</c>.</summary>
public sealed class CompositionOptions
{
    public const string Section = "Composition";

    /// <summary>How long one service may take to answer a composed view's read; past it the part is named missing.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>One service's part of a composed view: its JSON, or why it is missing.</summary>
/// <param name="Service">The service asked.</param>
/// <param name="Json">Its answer, when it gave one.</param>
/// <param name="Status">Its HTTP status, when it answered.</param>
/// <param name="Problem">Why the part is missing: <c>timeout</c>, <c>unavailable</c> or <c>status 503</c>.</param>
public sealed record Part(string Service, JsonNode? Json, int? Status, string? Problem)
{
    public bool Ok => Json is not null && Problem is null;
}

/// <summary>
/// Reads from the services behind the gateway for composed views: each by service discovery
/// (<c>http://units</c>), each within <see cref="CompositionOptions.CallTimeout"/>, never throwing —
/// a slow or stopped service makes a missing part, not a failed view.
/// </summary>
public sealed class ServiceReads(IHttpClientFactory clients, Microsoft.Extensions.Options.IOptions<CompositionOptions> options, ILogger<ServiceReads> logger)
{
    public const string ClientName = "composition";

    public async Task<Part> GetAsync(string service, string pathAndQuery, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.CallTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(new Uri($"http://{service}{pathAndQuery}"), timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var json = body.Length == 0 ? null : JsonNode.Parse(body);
            return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound
                ? new Part(service, json, (int)response.StatusCode, null)
                : new Part(service, json, (int)response.StatusCode, $"status {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("{Service} did not answer {Path} within {Timeout}", service, pathAndQuery, options.Value.CallTimeout);
            return new Part(service, null, null, "timeout");
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException)
        {
            logger.LogWarning("{Service} could not answer {Path} after {Elapsed} ms: {Error}", service, pathAndQuery,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.Message);
            return new Part(service, null, null, "unavailable");
        }
    }
}
