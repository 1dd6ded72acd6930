using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Nacka process shares: telemetry to the dashboard, health endpoints, service discovery,
/// HttpClient resilience and RFC 9457 Problem Details.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    private const string LiveTag = "live";

    /// <summary>Activity sources and meters of libraries the services use, so their spans and
    /// metrics reach the dashboard next to ASP.NET Core's.</summary>
    private static readonly string[] LibrarySources = ["MassTransit", "Npgsql", "Yarp.ReverseProxy", "Nacka.Messaging"];

    /// <param name="validateTokens">
    /// Bearer tokens from <c>Authentication:Jwt</c> (every API). The identity service issues tokens
    /// and signs its users in with a cookie instead: it passes false.
    /// </param>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, bool validateTokens = true) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddProblemDetails();
        builder.Services.AddMalformedRequestProblems();
        // One clock for every process, read as a Nacka calendar date through NackaCalendar.Today; tests replace it.
        builder.Services.TryAddSingleton(TimeProvider.System);
        if (validateTokens)
        {
            builder.AddTokenValidation();
        }

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Steady state is quiet: the resilience pipeline on every HttpClient (the telemetry exporter's
        // included) logs each attempt at Information, as does HttpClient itself.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var sampling = new ReadTraceSampling(builder.Configuration.GetValue(ReadTraceSampling.Setting, 1.0));
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(LibrarySources))
            .WithTracing(tracing => tracing
                .SetSampler(new RequestRootedSampler())
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(LibrarySources)
                .AddAspNetCoreInstrumentation(o =>
                    // Health probes every few seconds would drown the request traces ops look for.
                    o.Filter = ctx => !ctx.Request.Path.StartsWithSegments(HealthEndpointPath)
                                   && !ctx.Request.Path.StartsWithSegments(AlivenessEndpointPath)
                                   && sampling.Keeps(ctx))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Unhandled exceptions, bare status codes (401, 403, 404, 405...) and malformed requests become
    /// RFC 9457 Problem Details instead of empty bodies or stack traces; then bearer tokens are read.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMalformedRequestProblems();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseWriteAdmission();
        return app;
    }

    /// <summary>
    /// Maps <c>/health</c> (ready: every registered check, database and broker included) and
    /// <c>/alive</c> (the process answers) in every environment: ops teams and the gateway's active
    /// health checks need them in production, not only in Development.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) });
        return app;
    }
}
