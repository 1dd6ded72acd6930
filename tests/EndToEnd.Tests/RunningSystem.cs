using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Xunit;

namespace Nacka.EndToEnd.Tests;

/// <summary>The end-to-end tests boot whole systems: one at a time on a 2-core machine (collections that disable parallelization run alone).</summary>
[CollectionDefinition(nameof(AppHostCollection), DisableParallelization = true)]
public sealed class AppHostCollection;

/// <summary>Tests that share one <see cref="RunningSystem"/>.</summary>
[CollectionDefinition(nameof(RunningSystemCollection), DisableParallelization = true)]
public sealed class RunningSystemCollection : ICollectionFixture<RunningSystem>;

/// <summary>
/// One system as <c>./build.sh run</c> starts it, with the demo organisation loaded, shared by the
/// tests of a class: the gateway's address for a browser, a client, and tokens signed with the key
/// the AppHost generated.
/// </summary>
public class RunningSystem : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("nacka-e2e-").FullName;
    private readonly int[] _ports = LocalAppHost.FreePorts();
    private Dictionary<string, Guid> _demoUnits = [];

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    public Uri GatewayAddress => Gateway.BaseAddress!;

    public async ValueTask InitializeAsync()
    {
        App = await LocalAppHost.StartAsync(_dataDirectory, _ports, TestContext.Current.CancellationToken, Settings);
        Gateway = App.CreateHttpClient("gateway");
        using var timeout = new CancellationTokenSource(LocalAppHost.StartTimeout);
        var demo = await App.ResourceNotifications.WaitForResourceAsync("demo-data", e =>
            KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
        if (demo.Snapshot.ExitCode != 0)
        {
            throw new InvalidOperationException($"The demo data did not load (exit code {demo.Snapshot.ExitCode}).");
        }

        _demoUnits = (await GetAsync("/api/units?status=all&pageSize=200", timeout.Token))["items"]!.AsArray()
            .ToDictionary(u => u!["name"]!.GetValue<string>(), u => u!["id"]!.GetValue<Guid>());
    }

    /// <summary>The system's PostgreSQL server.</summary>
    public Nacka.LocalServers.LocalPostgres Postgres => LocalAppHost.Postgres(_dataDirectory, _ports);

    /// <summary>
    /// AppHost settings beyond <c>local</c> mode on free ports: people's access tokens live 70 s, so the workspace's renewal
    /// runs within the tests, and are accepted 5 s past their end, so a sign-in that has run out is seen within them.
    /// </summary>
    protected virtual string[] Settings => ["--Identity:PersonAccessTokenLifetime=00:01:10", "--Authentication:Jwt:ClockSkew=00:00:05"];

    /// <summary>The system's broker, for <c>rabbitmqctl</c>.</summary>
    public Nacka.LocalServers.LocalRabbitMq Broker => LocalAppHost.Broker(_dataDirectory, _ports);

    /// <summary>The system's data folder (<c>.local</c> of a <c>./build.sh run</c>).</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>A bearer token with <paramref name="roles"/> from the system's identity provider, as <c>./build.sh token</c> gets one.</summary>
    public Task<string> TokenAsync(string name, params string[] roles) =>
        LocalAppHost.TokenAsync(App, _dataDirectory, name, roles, TestContext.Current.CancellationToken);

    /// <summary>A request with a bearer token for <paramref name="role"/>, as <c>./build.sh token</c> makes one.</summary>
    public async Task<HttpRequestMessage> AuthorisedAsync(HttpMethod method, string path, object body, string role = "registrar")
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("E2E " + role, role));
        return request;
    }

    public async Task<JsonObject> GetAsync(string path, CancellationToken ct) => (await Gateway.GetFromJsonAsync<JsonObject>(path, ct))!;

    /// <summary>The id of the demo unit that was named <paramref name="name"/> when the demo loaded (a test may rename it).</summary>
    public Guid DemoUnit(string name) => _demoUnits[name];

    /// <summary>The instances the AppHost runs for <paramref name="resource"/>: one, or one per replica (<c>units-abc123</c>).</summary>
    public async Task<IReadOnlyList<string>> InstancesAsync(string resource, CancellationToken ct)
    {
        // The watch starts with the current state of every resource instance, then waits for changes.
        using var settled = CancellationTokenSource.CreateLinkedTokenSource(ct);
        settled.CancelAfter(TimeSpan.FromSeconds(1));
        var instances = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var change in App.ResourceNotifications.WatchAsync(settled.Token))
            {
                if (change.Resource.Name == resource)
                {
                    instances.Add(change.ResourceId);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }

        return [.. instances];
    }

    /// <summary>
    /// SIGKILLs the process behind <paramref name="instance"/> (a resource's name, or one replica of
    /// it from <see cref="InstancesAsync"/>) — the process the AppHost watches and everything beneath it — and waits until
    /// the AppHost has seen it exit.
    /// </summary>
    public async Task KillAsync(string instance, CancellationToken ct)
    {
        var running = await WaitForInstanceAsync(instance, e => e.Snapshot.State?.Text == KnownResourceStates.Running, ct);
        var launcher = int.Parse(running.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value!.ToString()!,
            System.Globalization.CultureInfo.InvariantCulture);
        foreach (var pid in Nacka.LocalServers.ProcessTree.Of(launcher).AsEnumerable().Reverse())
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }

        await WaitForInstanceAsync(instance, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), ct);
    }

    /// <summary>The first state of <paramref name="instance"/> (a resource with one instance, or one replica) that satisfies
    /// <paramref name="predicate"/>.</summary>
    public async Task<ResourceEvent> WaitForInstanceAsync(string instance, Func<ResourceEvent, bool> predicate, CancellationToken ct)
    {
        await foreach (var change in App.ResourceNotifications.WatchAsync(ct))
        {
            if ((change.ResourceId == instance || change.Resource.Name == instance) && predicate(change))
            {
                return change;
            }
        }

        throw new OperationCanceledException(ct);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        Gateway?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        LocalAppHost.Delete(_dataDirectory);
    }
}
