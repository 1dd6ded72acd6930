using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// A client that waits differently from the rest: every client gets the standard resilience pipeline (<c>AddServiceDefaults</c>),
/// whose retries wait about 2, 4 and 8 s and whose one circuit breaker serves every host the client calls. A caller with a short
/// bound (a composed view's part, a person waiting for a page) replaces it with its own.
/// </summary>
public static class OwnResilience
{
    public static IHttpResiliencePipelineBuilder WithOwnResilience(this IHttpClientBuilder client, string name,
        Action<ResiliencePipelineBuilder<HttpResponseMessage>, ResilienceHandlerContext> configure)
    {
        // The documented way to take a client out of ConfigureHttpClientDefaults' pipeline, still marked for evaluation.
#pragma warning disable EXTEXP0001
        return client.RemoveAllResilienceHandlers().AddResilienceHandler(name, configure);
#pragma warning restore EXTEXP0001
    }
}
