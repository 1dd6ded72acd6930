using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Nacka.Gateway;

/// <summary>Settings under <c>Edge</c>.</summary>
public sealed class EdgeOptions
{
    public const string Section = "Edge";

    /// <summary>Requests an anonymous caller (per IP address) may make per <see cref="Window"/>; callers with a valid token are not limited here.</summary>
    public int AnonymousPermits { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The web portal's origins, the only ones a browser may call the API from (CORS).</summary>
    public string[] PortalOrigins { get; set; } = ["http://localhost:5080"];

    /// <summary>The largest request body accepted at the edge (413 above it).</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;
}

/// <summary>
/// Protection at the front door: anonymous callers are rate-limited per IP address (429 with
/// Retry-After), request bodies are bounded (413), browsers may call only from the portal's
/// origins (CORS), and every answer carries security headers.
/// </summary>
public static class EdgeProtection
{
    public const string PortalPolicy = "portal";

    public static IHostApplicationBuilder AddEdgeProtection(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(EdgeOptions.Section).Get<EdgeOptions>() ?? new EdgeOptions();
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k =>
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Services.AddSingleton(options);
        builder.Services.AddCors(cors => cors.AddPolicy(PortalPolicy, policy => policy.WithOrigins(options.PortalOrigins)
            .WithMethods("GET", "HEAD", "POST", "PUT", "OPTIONS")
            .WithHeaders("Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key")
            .WithExposedHeaders("ETag", "Retry-After", "X-Nacka-Missing")));
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.User.Identity is { IsAuthenticated: true }
                    ? RateLimitPartition.GetNoLimiter("authenticated")
                    : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = options.AnonymousPermits, Window = options.Window, QueueLimit = 0 }));
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Window;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    .ToString(CultureInfo.InvariantCulture);
                await Results.Problem($"Too many requests without a token: at most {options.AnonymousPermits} per {options.Window.TotalSeconds:0} "
                    + $"s. Retry after the time in Retry-After.",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests").ExecuteAsync(context.HttpContext);
            };
        });
        return builder;
    }

    private static async Task DiscardBodyAsync(HttpContext context, long upTo)
    {
        if (context.Request.ContentLength > upTo
            || context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is not { IsReadOnly: false } limit)
        {
            return;
        }

        limit.MaxRequestBodySize = upTo;
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // The client stopped sending or went away: there is nobody left to answer.
        }
    }

    public static WebApplication UseEdgeProtection(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<EdgeOptions>();
        app.Use(async (context, next) =>
        {
            // A declared length over the limit is refused before anything is read (Kestrel also stops a longer chunked body).
            if (context.Request.ContentLength > options.MaxRequestBodyBytes)
            {
                // The connection is closed after this answer: tell the client, or it reuses the
                // connection for its next request and finds it gone. A body up to 16 times the limit
                // is read and dropped first, so the client (still sending) receives the 413 instead of
                // a reset; a larger one is cut off.
                context.Response.Headers.Connection = "close";
                await DiscardBodyAsync(context, options.MaxRequestBodyBytes * 16);
                await Results.Problem($"The body is larger than {options.MaxRequestBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: "Request too large").ExecuteAsync(context);
                return;
            }

            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            // Scalar's reference page boots from an inline script and styles itself inline; nothing else may.
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ApiReference.ApiReference.Path)
                ? "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' "
                    + "data:; frame-ancestors 'none'"
                : "default-src 'self'; frame-ancestors 'none'";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            await next(context);
        });
        app.UseCors(PortalPolicy);
        app.UseRateLimiter();
        return app;
    }
}
