using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Nacka.Gateway.Composition;

/// <summary>Settings under <c>Composition</c>.</summary>
public sealed class CompositionOptions
{
    public const string Section = "Composition";

    /// <summary>How long one service may take to answer a composed view's read; past it the part is named missing.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a service that failed half of at least ten calls (timed out, refused, 5xx) within 30 s is let be: its part is named
    /// missing at once instead of each view waiting its <see cref="CallTimeout"/>. Then one call tries it again.
    /// </summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
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
public sealed class ServiceReads(IHttpClientFactory clients, IOptions<CompositionOptions> options, ILogger<ServiceReads> logger)
{
    public const string ClientName = "composition";

    /// <summary>
    /// The views' reads and their client. Not the standard resilience pipeline every other client has (ServiceDefaults): its retries
    /// wait seconds between attempts, so a view with a part refused at once waited out its whole bound, and its one circuit breaker for
    /// every service, opened by one service's failures, threw past the missing-part handling (500 for the view). A view's part is
    /// worth one attempt within its bound; a breaker per service (by authority) answers for a service that keeps failing at once.
    /// </summary>
    public static void AddTo(IServiceCollection services)
    {
        services.AddOptions<CompositionOptions>().BindConfiguration(CompositionOptions.Section);
        services.AddHttpClient(ClientName)
            .WithOwnResilience(ClientName, (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<CompositionOptions>>().Value;
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5, MinimumThroughput = 10, SamplingDuration = TimeSpan.FromSeconds(30), BreakDuration = settings.BreakDuration,
                });
                // Inside the breaker, so that a service that does not answer within the bound counts as failing.
                pipeline.AddTimeout(settings.CallTimeout);
            })
            .SelectPipelineByAuthority();
        services.AddSingleton<ServiceReads>();
    }

    public async Task<Part> GetAsync(string service, string pathAndQuery, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.CallTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            // The call is bounded by its pipeline's timeout (see AddTo), which the breaker counts; a bound on the call from out here
            // would cancel it first, as a caller giving up, which the breaker does not count. The body is read within the same bound.
            using var response = await clients.CreateClient(ClientName).GetAsync(new Uri($"http://{service}{pathAndQuery}"),
                HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var json = body.Length == 0 ? null : JsonNode.Parse(body);
            return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound
                ? new Part(service, json, (int)response.StatusCode, null)
                : new Part(service, json, (int)response.StatusCode, $"status {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is TimeoutRejectedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("{Service} did not answer {Path} within {Timeout}", service, pathAndQuery, options.Value.CallTimeout);
            return new Part(service, null, null, "timeout");
        }
        catch (Exception ex) when (ex is HttpRequestException or BrokenCircuitException or System.Text.Json.JsonException or InvalidOperationException)
        {
            logger.LogWarning("{Service} could not answer {Path} after {Elapsed} ms: {Error}", service, pathAndQuery,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.Message);
            return new Part(service, null, null, "unavailable");
        }
    }
}
