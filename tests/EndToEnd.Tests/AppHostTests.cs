using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Nacka.LocalServers;
using Xunit;

namespace Nacka.EndToEnd.Tests;

/// <summary>
/// Boots the real AppHost in <c>local</c> mode (PostgreSQL and RabbitMQ as processes from the
/// installed binaries, in a temporary data folder on free ports) and goes through the gateway.
/// </summary>
[Collection(nameof(AppHostCollection))]
public sealed class AppHostTests : IDisposable
{
    private static readonly string[] Services = ["units", "processes", "committees", "mandates"];
    private const int DemoUnits = 31; // demo/nacka-demo.json
    private const int DemoCommittees = 9;
    private const int DemoAssignments = 23;
    private const int DemoProcesses = 5;
    private const int DemoMandates = 32; // a current one for 30 units, two replaced last year, Förskolan Tallen without
    // Left as mktemp makes it (0700, like a home folder): the postgres user cannot enter it, as in a
    // clone under /root, and the AppHost must still start.
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("nacka-e2e-").FullName;

    private string Cluster => LocalPostgres.Locate(Path.Combine(_dataDirectory, "postgres"));

    [Fact]
    public async Task The_gateway_starts_once_the_services_run_and_the_demo_loads_once_they_are_healthy()
    {
        // docs/benchmarks.md (2026-12-02, seventh session): the gateway waiting for the services' health made its start the last
        // stretch of every start; what needs the services answering waits for their health itself.
        await using var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Nacka_AppHost>(
            ["--Infrastructure:Mode=local", "--Infrastructure:Local:DataDirectory=" + _dataDirectory], TestContext.Current.CancellationToken);
        IReadOnlyDictionary<string, WaitType> WaitsOf(string resource) => appHost.Resources.Single(r => r.Name == resource).Annotations
            .OfType<WaitAnnotation>().ToDictionary(w => w.Resource.Name, w => w.WaitType);

        var gateway = WaitsOf("gateway");
        var demo = WaitsOf("demo-data");
        Assert.All(Services, service => Assert.Equal(WaitType.WaitUntilStarted, gateway[service]));
        Assert.All(Services.Append("gateway"), program => Assert.Equal(WaitType.WaitUntilHealthy, demo[program]));
    }

    [Fact]
    public async Task Every_service_is_healthy_through_the_gateway_the_demo_loads_and_a_restart_finds_the_first_runs_data()
    {
        var ports = LocalAppHost.FreePorts();

        await BootAndCheckEveryServiceAsync(ports, firstRun: true);
        var passwordAfterFirstRun = await File.ReadAllTextAsync(Path.Combine(Cluster, "postgres.password"), TestContext.Current.CancellationToken);
        Assert.True(File.Exists(Path.Combine(Cluster, "data", "PG_VERSION")));

        // Second run on the same folder: initdb is skipped, the stored password still opens the
        // server, and the migrations already applied are found rather than re-run.
        await BootAndCheckEveryServiceAsync(ports, firstRun: false);
        Assert.Equal(passwordAfterFirstRun, await File.ReadAllTextAsync(Path.Combine(Cluster, "postgres.password"), TestContext.Current.CancellationToken));
    }

    private async Task BootAndCheckEveryServiceAsync(int[] ports, bool firstRun)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await LocalAppHost.StartAsync(_dataDirectory, ports, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(LocalAppHost.StartTimeout);

        using var gateway = app.CreateHttpClient("gateway");
        foreach (var service in Services)
        {
            var response = await gateway.GetAsync($"/health/{service}", timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{service}: {(int)response.StatusCode} {body}");
            Assert.Contains("\"status\": \"Healthy\"", body, StringComparison.Ordinal);
        }

        await EveryProgramRunsAsItsBuiltDllAsync(app, timeout.Token);
        await PostgresLoadsStatementStatisticsAsync(app, timeout.Token);

        // What a user of the running system meets at the front door: a write needs a registrar's
        // token (./build.sh token gets one from the identity provider), and bad input is a
        // 4xx Problem Details, never a 500, in the environment `run` uses.
        using (var anonymous = await gateway.PostAsync("/api/units", JsonContent.Create(new { name = "x" }), timeout.Token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var registrar = new HttpRequestMessage(HttpMethod.Post,
            "/api/units") { Content = new StringContent("{", System.Text.Encoding.UTF8, "application/json") };
        registrar.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            await LocalAppHost.TokenAsync(app, _dataDirectory, "E2E Registrar", ["registrar"], timeout.Token));
        using (var malformed = await gateway.SendAsync(registrar, timeout.Token))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        }

        using (var hugePage = await gateway.GetAsync("/api/units?pageSize=99999999999&asOf=notadate", timeout.Token))
        {
            Assert.Equal(HttpStatusCode.BadRequest, hugePage.StatusCode);
        }

        // The demo organisation is loaded through the gateway on the first run, and found (not
        // loaded twice) on the second.
        var demo = await app.ResourceNotifications.WaitForResourceAsync("demo-data",
            e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
        Assert.Equal(0, demo.Snapshot.ExitCode);
        using var units = System.Text.Json.JsonDocument.Parse(await gateway.GetStringAsync("/api/units?status=all&pageSize=5", timeout.Token));
        Assert.Equal(DemoUnits, units.RootElement.GetProperty("totalCount").GetInt32());
        Assert.Equal(5, units.RootElement.GetProperty("items").GetArrayLength());
        // Committees and assignments load after the Units events reached Committees' read model.
        using var committees = System.Text.Json.JsonDocument.Parse(await gateway.GetStringAsync("/api/committees", timeout.Token));
        Assert.Equal(DemoCommittees, committees.RootElement.GetProperty("totalCount").GetInt32());
        using var assignments = System.Text.Json.JsonDocument.Parse(await gateway.GetStringAsync("/api/assignments?pageSize=1", timeout.Token));
        Assert.Equal(DemoAssignments, assignments.RootElement.GetProperty("totalCount").GetInt32());
        Assert.Equal(DemoProcesses, (await gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/processes?pageSize=1",
            timeout.Token))!["totalCount"]!.GetValue<int>());
        if (firstRun)
        {
            await EveryUnitManagersSeatIsResolvedToAPersonAsync(gateway, timeout.Token);
            await TheComposedUnitViewGathersEveryServiceAsync(gateway, timeout.Token);
            Assert.Equal(DemoMandates, (await gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/mandates?pageSize=1",
                timeout.Token))!["totalCount"]!.GetValue<int>());
            await AGrantShowsAsTheUnitsManagerAndADissolutionClearsItAsync(app, _dataDirectory, gateway, timeout.Token);
        }

        await app.StopAsync(cancellationToken);
    }

    /// <summary>
    /// Each project is started as its built program (<c>dotnet exec …/Name.dll</c>, AppHost/BuiltProgramLaunch.cs), with no
    /// <c>dotnet run</c> launcher in front of it evaluating the project first and staying resident beside it; and it listens on its
    /// endpoint's address itself, with no orchestrator proxy in front of it (AppHost/DirectEndpoints.cs).
    /// </summary>
    /// <summary>The README's promise for local mode: the server the AppHost starts loads <c>pg_stat_statements</c> (the bench reads it).</summary>
    private static async Task PostgresLoadsStatementStatisticsAsync(Aspire.Hosting.DistributedApplication app, CancellationToken ct)
    {
        // Not pooled: the first boot's pooled connection (same address and password) would meet the server that boot stopped.
        await using var connection = new Npgsql.NpgsqlConnection(
            new Npgsql.NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync("unitsdb", ct)) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var loaded = new Npgsql.NpgsqlCommand("SHOW shared_preload_libraries", connection);
        Assert.Contains("pg_stat_statements", (string?)await loaded.ExecuteScalarAsync(ct), StringComparison.Ordinal);
    }

    private static async Task EveryProgramRunsAsItsBuiltDllAsync(Aspire.Hosting.DistributedApplication app, CancellationToken ct)
    {
        foreach (var (resource, program) in new[] { ("units", "Nacka.Units.dll"), ("processes", "Nacka.Processes.dll"),
            ("committees", "Nacka.Committees.dll"), ("mandates", "Nacka.Mandates.dll"), ("gateway", "Nacka.Gateway.dll"),
            ("identity", "Nacka.Identity.dll") })
        {
            var running = await app.ResourceNotifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text == KnownResourceStates.Running, ct);
            var pid = int.Parse(running.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value!.ToString()!,
                System.Globalization.CultureInfo.InvariantCulture);
            var arguments = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline", ct)).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(arguments is [_, "exec", var dll, ..] && Path.GetFileName(dll) == program && File.Exists(dll),
                $"{resource} was started as: {string.Join(' ', arguments)}");
            Assert.Equal([pid], ProcessTree.Of(pid));
            var port = app.GetEndpoint(resource, "http").Port;
            Assert.True(ListeningSockets(port).Intersect(SocketsOf(pid)).Any(),
                $"{resource}'s address (port {port}) is not the program's own socket: something else listens in front of it");
        }
    }

    private static readonly string[] KernelTcpTables = ["/proc/net/tcp", "/proc/net/tcp6"];

    /// <summary>The inodes of the TCP sockets listening on <paramref name="port"/> (IPv4 and IPv6), from the kernel's tables.</summary>
    private static HashSet<string> ListeningSockets(int port) =>
    [
        .. KernelTcpTables.Where(File.Exists).SelectMany(File.ReadLines).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 9 && f[3] == "0A" && int.Parse(f[1][(f[1].LastIndexOf(':') + 1)..], System.Globalization.NumberStyles.HexNumber,
                System.Globalization.CultureInfo.InvariantCulture) == port)
            .Select(f => f[9]),
    ];

    /// <summary>The inodes of the sockets a process holds open.</summary>
    private static HashSet<string> SocketsOf(int pid) =>
    [
        .. new DirectoryInfo($"/proc/{pid}/fd").EnumerateFileSystemInfos().Select(fd => fd.LinkTarget ?? "")
            .Where(target => target.StartsWith("socket:[", StringComparison.Ordinal)).Select(target => target[8..^1]),
    ];

    /// <summary>Across three services: Mandates grants, Units shows the manager within seconds; Units dissolves, Mandates ends the mandate, Units
    /// clears it.</summary>
    private static async Task AGrantShowsAsTheUnitsManagerAndADissolutionClearsItAsync(Aspire.Hosting.DistributedApplication app,
        string dataDirectory, HttpClient gateway, CancellationToken ct)
    {
        static async Task<System.Text.Json.Nodes.JsonObject> UntilAsync(Func<Task<System.Text.Json.Nodes.JsonObject?>> read,
            Func<System.Text.Json.Nodes.JsonObject, bool> holds, CancellationToken ct)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (true)
            {
                var seen = await read();
                if (seen is not null && holds(seen))
                {
                    return seen;
                }

                Assert.True(DateTime.UtcNow < deadline, $"Not within 15 s; last seen: {seen?.ToJsonString()}");
                await Task.Delay(200, ct);
            }
        }

        // The demo's mandates reached Units: one active unit is without a manager.
        var without = await UntilAsync(() => gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/units?withoutManager=true", ct), l =>
            l["totalCount"]!.GetValue<int>() == 1, ct);
        var unit = without["items"]![0]!;
        var unitId = unit["id"]!.GetValue<Guid>();
        var ks = (await gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/committees/executive-board", ct))!["id"]!.GetValue<Guid>();

        using var grant = new HttpRequestMessage(HttpMethod.Post, "/api/mandates")
        {
            Content = JsonContent.Create(new
            {
                unitId, holder = new { name = "Test Testsson" }, title = unit["managerTitle"]!.GetValue<string>(),
                decision = new { committeeId = ks, date = "2026-01-15", paragraph = "§ 9" },
            }),
        };
        grant.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            await LocalAppHost.TokenAsync(app, dataDirectory, "E2E KS", ["ks-secretariat"], ct));
        using (var granted = await gateway.SendAsync(grant, ct))
        {
            Assert.True(granted.StatusCode == HttpStatusCode.Created, await granted.Content.ReadAsStringAsync(ct));
        }

        await UntilAsync(() => gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/units/{unitId}", ct), u =>
            u["manager"]?["name"]?.GetValue<string>() == "Test Testsson", ct);

        using var dissolve = new HttpRequestMessage(HttpMethod.Post, $"/api/units/{unitId}/dissolve") { Content = JsonContent.Create(new { reason = "E2E" }) };
        dissolve.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            await LocalAppHost.TokenAsync(app, dataDirectory, "E2E Registrar", ["registrar"], ct));
        using (var dissolved = await gateway.SendAsync(dissolve, ct))
        {
            Assert.True(dissolved.StatusCode == HttpStatusCode.OK, await dissolved.Content.ReadAsStringAsync(ct));
        }

        await UntilAsync(() => gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/units/{unitId}", ct), u => u["manager"] is null, ct);
    }

    /// <summary>The demo's management groups name people: unit-manager seats resolve through the mandates Processes learned from the Mandates events.</summary>
    private static async Task EveryUnitManagersSeatIsResolvedToAPersonAsync(HttpClient gateway, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var processes = (await gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/processes", ct))!["items"]!.AsArray();
            var unresolved = processes.SelectMany(p => p!["managementGroup"]!.AsArray())
                .Where(s => s!["kind"]!.GetValue<string>() == "unit-manager" && s["person"] is null)
                .Select(s => s!["label"]?.GetValue<string>()).ToList();
            if (unresolved.Count == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Seats without a person after 30 s: {string.Join(", ", unresolved)}");
            await Task.Delay(500, ct);
        }
    }

    /// <summary>The portal's unit view through the gateway: Units, Mandates (through Units), Committees and Processes in one answer, nothing missing.</summary>
    private static async Task TheComposedUnitViewGathersEveryServiceAsync(HttpClient gateway, CancellationToken ct)
    {
        var sickla = (await gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/units?q=Sickla", ct))!["items"]![0]!["id"]!.GetValue<Guid>();
        var view = (await gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/org/units/{sickla}", ct))!;
        Assert.Empty(view["missing"]!.AsArray());
        Assert.NotNull(view["manager"]?["name"]);
        Assert.Equal("Utbildningsnämnden", view["assignments"]!["mainCommittee"]!["name"]!.GetValue<string>());
        Assert.True(view["assignments"]!["byCommittee"]!.AsArray().Count >= 3, view.ToJsonString());
        Assert.Contains("Utbildningsprocessen", view["processes"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));

        // One search over every service, case and accent tolerant, ranked.
        var alta = (await gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/org/search?q=alta", ct))!;
        Assert.Equal(("unit", "Älta skola"), (alta["items"]![0]!["kind"]!.GetValue<string>(), alta["items"]![0]!["name"]!.GetValue<string>()));
        var education = (await gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/org/search?q=utbildning&pageSize=50", ct))!;
        Assert.Empty(education["missing"]!.AsArray());
        Assert.Equal(["committee", "director", "process", "unit"], education["items"]!.AsArray().Select(i => i!["kind"]!.GetValue<string>())
            .Distinct().Order());

        // The education director: the units reporting to the post with their managers, the process owned, the committees linked, the groups sat in.
        var directorId = view["director"]!["directorPostId"]!.GetValue<Guid>();
        var director = (await gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/org/directors/{directorId}", ct))!;
        Assert.Empty(director["missing"]!.AsArray());
        Assert.Contains("Sickla skola", director["units"]!.AsArray().Select(u => u!["name"]!.GetValue<string>()));
        Assert.Contains("Utbildningsprocessen", director["processesOwned"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Contains("Utbildningsnämnden", director["committeesLinked"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.NotEmpty(director["groupsSatIn"]!.AsArray());

        // The education process: its participating units with their managers, actors and the group resolved to people.
        var processId = view["processes"]!.AsArray().First(p => p!["name"]!.GetValue<string>() == "Utbildningsprocessen")!["id"]!.GetValue<Guid>();
        var process = (await gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/org/processes/{processId}", ct))!;
        Assert.Empty(process["missing"]!.AsArray());
        Assert.Contains(process["units"]!.AsArray(), u => u!["unitName"]!.GetValue<string>() == "Sickla skola" && u["manager"]?["name"] is not null);
        Assert.NotEmpty(process["actors"]!.AsArray());
        Assert.All(process["managementGroup"]!.AsArray(), s => Assert.NotNull(s!["person"]));
    }

    public void Dispose() => LocalAppHost.Delete(_dataDirectory);
}
