using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Settings under <c>Writes</c>, validated at start (see <see cref="WriteAdmission"/>).</summary>
public sealed class WriteAdmissionOptions
{
    public const string Section = "Writes";

    /// <summary>Writes worked on at once: enough to keep the database's pool (25 connections) busy while reads still find one.</summary>
    [Range(1, 10_000)]
    public int ConcurrencyLimit { get; set; } = 16;

    /// <summary>Writes that wait for a turn: at the 130–200 writes a second one service takes on two cores, about a second.</summary>
    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 128;
}

/// <summary>
/// How many writes (POST, PUT, PATCH, DELETE) a service works on at once, and how many wait for a turn; past that a write is
/// answered 503 with <c>Retry-After</c> at once and changes nothing (<see cref="WriteAdmissionOptions"/>).
/// Why: offered more writes than it could take (500 renames a second at 100,000 units), a service let every one in; all of
/// them queued for the database's connections and the CPU, none finished within the gateway's 10 seconds, and the answers
/// nobody waited for took the capacity: 67.5 writes a second succeeded and 3,123 were answered 504 (docs/benchmarks.md).
/// Admitted writes finish in the time a queue of this length takes to drain; the rest are told at once to come back.
/// Reads do not pass through the limiter at all: they are short, hold no locks, and are the hot path.
/// </summary>
public static class WriteAdmission
{
    /// <summary>Registers the limit (services with a database call this; see <see cref="UseWriteAdmission"/>).</summary>
    public static IHostApplicationBuilder AddWriteAdmission(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WriteAdmissionOptions>().BindConfiguration(WriteAdmissionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<WriteAdmissionOptions>>((limiter, settings) =>
        {
            var limits = new ConcurrencyLimiterOptions
            {
                PermitLimit = settings.Value.ConcurrencyLimit,
                QueueLimit = settings.Value.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            };
            // Only writes reach the limiter (UseWriteAdmission): one partition for all of them.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetConcurrencyLimiter("writes", _ => limits));
            limiter.OnRejected = (context, _) => RejectAsync(context.HttpContext);
        });
        return builder;
    }

    /// <summary>Applies the limit to writes where <see cref="AddWriteAdmission"/> registered it (after authentication: a caller
    /// without a token is told so, not to come back).</summary>
    public static WebApplication UseWriteAdmission(this WebApplication app)
    {
        if (app.Services.GetServices<IConfigureOptions<WriteAdmissionOptions>>().Any())
        {
            app.UseWhen(http => IsWrite(http.Request.Method), writes => writes.UseRateLimiter());
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
}
