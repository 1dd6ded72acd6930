using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nacka.LocalServers;

namespace Nacka.EndToEnd.Tests;

/// <summary>
/// The real AppHost in <c>local</c> mode, as <c>./build.sh run</c> starts it: PostgreSQL and
/// RabbitMQ as processes from the installed binaries, in <c>dataDirectory</c>, on free ports.
/// </summary>
internal static class LocalAppHost
{
    /// <summary>
    /// How long a start may take. A start usually takes under a minute; CI once took over three
    /// minutes for the first start of a fresh machine (before the orchestrator answered), so the
    /// bound is generous and a start that still misses it says where each resource stood.
    /// </summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The programs the system answers through: the gateway and the four services. Started, it has them all healthy.</summary>
    public static readonly string[] Programs = ["gateway", "units", "processes", "committees", "mandates"];

    public static int[] FreePorts() => [FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next()];

    /// <summary>Builds and starts it, and returns once the gateway and the four services are healthy.</summary>
    /// <param name="settings">More AppHost settings, e.g. <c>--Services:Replicas=2</c>.</param>
    public static Task<DistributedApplication> StartAsync(string dataDirectory, int[] ports, CancellationToken cancellationToken,
        params string[] settings) =>
        StartAsync(dataDirectory, ports, telemetryCollector: null, cancellationToken, settings);

    /// <summary>
    /// As above, with every program's telemetry exported to <paramref name="telemetryCollector"/>
    /// (OTLP over HTTP) at the OpenTelemetry SDK's default intervals, as a deployment that sets only
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> exports; with none, nothing is exported. Without the
    /// dashboard the orchestrator still points every program at an OTLP address where nothing
    /// listens, with one-second intervals and failed exports kept for retry: a tenth of a read
    /// model's CPU under the bench's writes went to sending into the void.
    /// </summary>
    public static async Task<DistributedApplication> StartAsync(string dataDirectory, int[] ports, Uri? telemetryCollector,
        CancellationToken cancellationToken, params string[] settings)
    {
        var app = await BuildAsync(dataDirectory, ports, telemetryCollector, cancellationToken, settings);
        try
        {
            return await StartBuiltAsync(app, cancellationToken);
        }
        catch
        {
            // What this built and could not start is this method's to stop; a caller of StartBuiltAsync owns its application.
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>As <see cref="StartAsync(string, int[], Uri?, CancellationToken, string[])"/>, built and not started: for a caller that watches
    /// the start itself (the bench's start timeline), then calls <see cref="StartBuiltAsync"/>.</summary>
    public static async Task<DistributedApplication> BuildAsync(string dataDirectory, int[] ports, Uri? telemetryCollector,
        CancellationToken cancellationToken, params string[] settings)
    {
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Nacka_AppHost>(
        [
            "--Infrastructure:Mode=local",
            "--Infrastructure:Local:DataDirectory=" + dataDirectory,
            "--Infrastructure:Local:PostgresPort=" + Port(ports[0]),
            "--Infrastructure:Local:RabbitMqPort=" + Port(ports[1]),
            "--Infrastructure:Local:RabbitMqManagementPort=" + Port(ports[2]),
            "--Infrastructure:Local:RabbitMqDistributionPort=" + Port(ports[3]),
            "--Infrastructure:Local:EpmdPort=" + Port(ports[4]),
            "--Infrastructure:Local:RabbitMqNodeName=" + RabbitMqNodeName(ports),
            .. settings,
        ], (options, _) => options.DisableDashboard = true, cancellationToken);

        // Each resource's console output is logged as Information: keep warnings and errors only.
        // Resources' own logs and this process's HttpClient (four lines per request: thousands in a bench or an E2E run) only
        // when something is wrong.
        appHost.Services.AddLogging(logging => logging.AddFilter("Nacka.AppHost.Resources", LogLevel.Warning).AddFilter("Aspire.Hosting.Dcp", LogLevel.Warning)
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning));
        foreach (var program in appHost.Resources.OfType<Aspire.Hosting.ApplicationModel.ProjectResource>())
        {
            program.Annotations.Add(new Aspire.Hosting.ApplicationModel.EnvironmentCallbackAnnotation(environment =>
            {
                foreach (var key in environment.Keys.Where(key => key.StartsWith("OTEL_", StringComparison.Ordinal)
                    && key is not ("OTEL_SERVICE_NAME" or "OTEL_RESOURCE_ATTRIBUTES")).ToList())
                {
                    environment.Remove(key);
                }

                if (telemetryCollector is not null)
                {
                    environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = telemetryCollector.ToString();
                    environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
                }
            }));
        }

        return await appHost.BuildAsync(cancellationToken);
    }

    /// <summary>
    /// Starts what <see cref="BuildAsync"/> built, and returns once the gateway and the four services are healthy. The caller owns <paramref name="app"/> and
    /// disposes it, also when this throws.
    /// </summary>
    public static async Task<DistributedApplication> StartBuiltAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var stage = "the orchestrator starting";
        try
        {
            await app.StartAsync(timeout.Token);
            // The gateway starts beside the services (AppHost/Program.cs): the system answers once they are healthy too.
            foreach (var program in Programs)
            {
                stage = $"{program} becoming healthy";
                await app.ResourceNotifications.WaitForResourceHealthyAsync(program, timeout.Token);
            }

            return app;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The AppHost did not start within {StartTimeout} (waited {started.Elapsed:mm\\:ss} for {stage}). Resources: {ResourceStates(app)}");
        }
    }

    /// <summary>Each resource's state and health as the orchestrator last reported it, for a start that failed.</summary>
    private static string ResourceStates(DistributedApplication app)
    {
        var model = app.Services.GetRequiredService<Aspire.Hosting.ApplicationModel.DistributedApplicationModel>();
        return string.Join("; ", model.Resources.Where(resource => !resource.Name.EndsWith("-rebuilder", StringComparison.Ordinal)).Select(resource =>
            app.ResourceNotifications.TryGetCurrentState(resource.Name, out var current)
                ? $"{resource.Name} {current.Snapshot.State?.Text ?? "?"} ({current.Snapshot.HealthStatus?.ToString() ?? "no health"})"
                : $"{resource.Name} not reported"));
    }

    /// <summary>
    /// A token from the system's identity provider for the local <c>nacka-cli</c> machine client,
    /// as <c>./build.sh token</c> gets one: holding <paramref name="roles"/>, recorded as <paramref name="name"/>.
    /// </summary>
    public static async Task<string> TokenAsync(DistributedApplication app, string dataDirectory, string name, string[] roles, CancellationToken ct)
    {
        var secret = (await File.ReadAllTextAsync(Nacka.DevTokens.ProviderTokens.SecretFile(dataDirectory, "nacka-cli"), ct)).Trim();
        return await Nacka.DevTokens.ProviderTokens.GetAsync(app.GetEndpoint("identity", "http"), "nacka-cli", secret, string.Join(' ', roles), name, ct);
    }

    /// <summary>The broker <see cref="StartAsync"/> started in <paramref name="dataDirectory"/> on <paramref name="ports"/>, for rabbitmqctl.</summary>
    public static LocalRabbitMq Broker(string dataDirectory, int[] ports) =>
        new(Path.Combine(dataDirectory, "rabbitmq"), ports[1], ports[2], ports[3], ports[4], RabbitMqNodeName(ports));

    /// <summary>The PostgreSQL server <see cref="StartAsync"/> started in <paramref name="dataDirectory"/>.</summary>
    public static LocalPostgres Postgres(string dataDirectory, int[] ports) => new(Path.Combine(dataDirectory, "postgres"), ports[0]);

    private static string RabbitMqNodeName(int[] ports) => "nacka-e2e-" + Port(ports[1]) + "@localhost";

    /// <summary>Removes what a run left in <paramref name="dataDirectory"/>, including a cluster moved out of a folder the postgres user cannot
    /// enter.</summary>
    public static void Delete(string dataDirectory)
    {
        LocalPostgres.Delete(Path.Combine(dataDirectory, "postgres"));
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
