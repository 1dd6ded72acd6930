using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Nacka.DevTokens;
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
public sealed class RunningSystem : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("nacka-e2e-").FullName;
    private string _key = "";
    private Dictionary<string, Guid> _demoUnits = [];

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    public Uri GatewayAddress => Gateway.BaseAddress!;

    public async ValueTask InitializeAsync()
    {
        App = await LocalAppHost.StartAsync(_dataDirectory, LocalAppHost.FreePorts(), TestContext.Current.CancellationToken);
        Gateway = App.CreateHttpClient("gateway");
        using var timeout = new CancellationTokenSource(LocalAppHost.StartTimeout);
        var demo = await App.ResourceNotifications.WaitForResourceAsync("demo-data", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
        if (demo.Snapshot.ExitCode != 0)
        {
            throw new InvalidOperationException($"The demo data did not load (exit code {demo.Snapshot.ExitCode}).");
        }

        _key = (await File.ReadAllTextAsync(DevelopmentTokens.KeyFile(_dataDirectory), timeout.Token)).Trim();
        _demoUnits = (await GetAsync("/api/units?status=all&pageSize=200", timeout.Token))["items"]!.AsArray()
            .ToDictionary(u => u!["name"]!.GetValue<string>(), u => u!["id"]!.GetValue<Guid>());
    }

    /// <summary>A bearer token with <paramref name="roles"/>, signed as <c>./build.sh token</c> signs one.</summary>
    public string Token(string name, params string[] roles) => DevelopmentTokens.Create(_key, name, roles);

    /// <summary>A request with a bearer token for <paramref name="role"/>, as <c>./build.sh token</c> makes one.</summary>
    public HttpRequestMessage Authorised(HttpMethod method, string path, object body, string role = "registrar")
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DevelopmentTokens.Create(_key, "E2E " + role, [role]));
        return request;
    }

    public async Task<JsonObject> GetAsync(string path, CancellationToken ct) => (await Gateway.GetFromJsonAsync<JsonObject>(path, ct))!;

    /// <summary>The id of the demo unit that was named <paramref name="name"/> when the demo loaded (a test may rename it).</summary>
    public Guid DemoUnit(string name) => _demoUnits[name];

    /// <summary>
    /// SIGKILLs the service process behind <paramref name="resource"/> (the program that
    /// <c>dotnet run</c>, the process the AppHost watches, started) and waits until the AppHost has seen it exit.
    /// </summary>
    public async Task KillAsync(string resource, CancellationToken ct)
    {
        var running = await App.ResourceNotifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text == KnownResourceStates.Running, ct);
        var launcher = int.Parse(running.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value!.ToString()!, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var pid in Nacka.LocalServers.ProcessTree.Of(launcher).AsEnumerable().Reverse())
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }

        await App.ResourceNotifications.WaitForResourceAsync(resource, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), ct);
    }

    public async ValueTask DisposeAsync()
    {
        Gateway?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        LocalAppHost.Delete(_dataDirectory);
    }
}
