using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// How many writes (POST, PUT, PATCH, DELETE) a service works on at once, and how many wait for a turn; past that a write is
/// answered 503 with <c>Retry-After</c> at once and changes nothing (<c>Writes:ConcurrencyLimit</c>, <c>Writes:QueueLimit</c>).
/// Why: offered more writes than it could take (500 renames a second at 100,000 units), a service let every one in; all of
/// them queued for the database's connections and the CPU, none finished within the gateway's 10 seconds, and the answers
/// nobody waited for took the capacity: 67.5 writes a second succeeded and 3,123 were answered 504 (docs/benchmarks.md).
/// Admitted writes finish in the time a queue of this length takes to drain; the rest are told at once to come back.
/// Reads are not limited: they are short and hold no locks.
/// </summary>
public static class WriteAdmission
{
    public const string Section = "Writes";

    /// <summary>Writes worked on at once: enough to keep the database's pool (25 connections) busy while reads still find one.</summary>
    public const int DefaultConcurrencyLimit = 16;

    /// <summary>Writes that wait for a turn: at the 160–200 writes a second one service takes on two cores, under a second.</summary>
    public const int DefaultQueueLimit = 128;

    /// <summary>Registers the limit (services with a database call this; see <see cref="UseWriteAdmission"/>).</summary>
    public static IHostApplicationBuilder AddWriteAdmission(this IHostApplicationBuilder builder)
    {
        var concurrency = builder.Configuration.GetValue($"{Section}:ConcurrencyLimit", DefaultConcurrencyLimit);
        var queue = builder.Configuration.GetValue($"{Section}:QueueLimit", DefaultQueueLimit);
        if (concurrency < 1 || queue < 0)
        {
            throw new InvalidOperationException($"{Section}:ConcurrencyLimit must be at least 1 and {Section}:QueueLimit at least 0 "
                + $"(were {concurrency} and {queue}).");
        }

        builder.Services.AddSingleton<Marker>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsWrite(http.Request.Method)
                ? RateLimitPartition.GetConcurrencyLimiter("writes", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = concurrency, QueueLimit = queue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                })
                : RateLimitPartition.GetNoLimiter("reads"));
            limiter.OnRejected = (context, _) => RejectAsync(context.HttpContext);
        });
        return builder;
    }

    /// <summary>Applies the limit where <see cref="AddWriteAdmission"/> registered it (after authentication: a caller without a
    /// token is told so, not to come back).</summary>
    public static WebApplication UseWriteAdmission(this WebApplication app)
    {
        if (app.Services.GetService<Marker>() is not null)
        {
            app.UseRateLimiter();
        }

        return app;
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static async ValueTask RejectAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "1";
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Too many writes at once",
            Detail = "The service is working on as many writes as it can take; this one was not started and changed nothing. "
                + "Send it again after the Retry-After seconds (with its Idempotency-Key, if it had one).",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        };
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    /// <summary>Marks a program whose writes are limited.</summary>
    private sealed class Marker;
}
