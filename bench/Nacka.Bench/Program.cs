using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Bench;

using Nacka.EndToEnd.Tests;

// ./build.sh bench [--quick] [--start-only | --drain-only] [--rename-warm-up=<seconds>] [units] [results-file]: the system in Release,
// local mode, a seeded volume, then every figure side by side with the machine's floor in the same run. Results:
// bench/results/<date>.json. --quick measures the same figures on 1,000 units with 3-second loads, two write rates and a smaller
// backlog, for use while working (artifacts/). --rename-warm-up: seconds of renames at the first rate before the rates are
// measured (default 2; each takes that many units from the end, so longer ones need more units).
var quick = args.Contains("--quick");
var renameWarmUpSeconds = args.FirstOrDefault(a => a.StartsWith("--rename-warm-up=", StringComparison.Ordinal)) is { } warmUpArgument
    ? int.Parse(warmUpArgument["--rename-warm-up=".Length..], System.Globalization.CultureInfo.InvariantCulture)
    : 2;
var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var units = positional.Length > 0 ? int.Parse(positional[0], System.Globalization.CultureInfo.InvariantCulture) : quick ? 1_000 : 10_000;
var output = positional.Length > 1 ? positional[1]
    : quick ? Path.Combine("artifacts", "bench-quick.json")
    : Path.Combine("bench", "results", $"{DateTime.UtcNow:yyyy-MM-dd}.json");
var loadFor = TimeSpan.FromSeconds(quick ? 3 : 10);
var writeRates = quick ? new[] { 50, 200 } : new[] { 50, 100, 200, 500 };
var drainBacklog = quick ? 2_000 : 10_000;
var services = LocalAppHost.Programs;
var results = new JsonObject
{
    ["date"] = DateTime.UtcNow.ToString("O"),
    ["machine"] = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 30)} GiB, "
        + $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
    ["units"] = units,
    ["quick"] = quick,
    ["renameWarmUpSeconds"] = renameWarmUpSeconds,
};
void Report(string name, object value)
{
    // Written after every figure, so a run cut short still leaves what it measured.
    results[name] = JsonSerializer.SerializeToNode(value);
    Console.WriteLine($"{name}: {JsonSerializer.Serialize(value)}");
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    File.WriteAllText(output, results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}

static string BenchConnection(string connectionString) =>
    new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = CpuByProcess.BenchApplicationName }.ConnectionString;

var data = Directory.CreateTempSubdirectory("nacka-bench-").FullName;
var ports = LocalAppHost.FreePorts();
var started = Stopwatch.GetTimestamp();
var startCpu = MachineCpu.BusySeconds();
var startCpuByProcess = CpuByProcess.Seconds();
await using var telemetry = await TelemetryCollector.StartAsync(Nacka.LocalServers.FreePort.Next());
// Reads are traced at the share deploy/ keeps, as in production (a local run's default keeps every trace).
var readTraceRatio = DeploySettings.Value("Telemetry__ReadTraceRatio");
Report("readTraceRatio", readTraceRatio);
// The services' queues of the type deploy/ declares (quorum queues): on this broker a persistent event fanned out to three classic
// queues cost it 0.58 ms of CPU, to three quorum queues 0.23 ms (docs/benchmarks.md, eleventh session).
var quorumQueues = DeploySettings.Value("Messaging__QuorumQueues");
Report("quorumQueues", quorumQueues);
await using var app = await LocalAppHost.BuildAsync(data, ports, telemetry.Address, CancellationToken.None, "--Telemetry:ReadTraceRatio=" + readTraceRatio,
    "--Messaging:QuorumQueues=" + quorumQueues);
// The services and the gateway run in the environment deploy/ gives them (Production), not a local run's Development (the launch
// profiles'), which adds the container's scope validation and the developer exception page to every request.
var environmentName = DeploySettings.Value("ASPNETCORE_ENVIRONMENT");
Report("environment", environmentName);
foreach (var program in app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>()
    .Where(p => services.Contains(p.Name)))
{
    program.Annotations.Add(new EnvironmentCallbackAnnotation(environment =>
    {
        environment["ASPNETCORE_ENVIRONMENT"] = environmentName;
        environment["DOTNET_ENVIRONMENT"] = environmentName;
    }));
}

await using (var timeline = StartTimeline.Watch(app))
{
    await LocalAppHost.StartBuiltAsync(app, CancellationToken.None); // returns with every one of them healthy
    Report("startToAllHealthySeconds", Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1));
    Report("startTimeline", timeline.Summary());
    // The start is bound by CPU on a small machine: what the whole machine and each program spent on it. Counted from a reading
    // before the start, as every other figure is: what was already running (the bench itself, the build's compiler servers) had
    // its whole life counted until 2026-12-04 ("other": 217 s of a start that cost the machine 73).
    Report("startMachineCpuSeconds", Math.Round(MachineCpu.BusySeconds() - startCpu, 1));
    Report("startCpuSecondsByProcess", CpuByProcess.SecondsSince(startCpuByProcess));
}

if (args.Contains("--start-only"))
{
    await StopAsync();
    return;
}
await app.ResourceNotifications.WaitForResourceAsync("demo-data", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text));

// Tokens from the system's identity provider, as any machine client gets them (valid 1 hour, longer than a bench run).
var registrar = await LocalAppHost.TokenAsync(app, data, "Bench", ["registrar"], CancellationToken.None);
var secretariat = await LocalAppHost.TokenAsync(app, data, "Bench", ["ks-secretariat"], CancellationToken.None);
using var gateway = app.CreateHttpClient("gateway");
gateway.Timeout = TimeSpan.FromMinutes(2);
var amqp = (await app.GetConnectionStringAsync("messaging"))!;
// The bench's own connections name themselves, so that PostgreSQL's CPU per write can leave them out (CpuByProcess).
var unitsDatabase = BenchConnection((await app.GetConnectionStringAsync("unitsdb"))!);
var mandatesDatabase = BenchConnection((await app.GetConnectionStringAsync("mandatesdb"))!);

// The floor, first.
Report("floorPostgresInsertCommitMs", (await Floor.PostgresInsertCommitAsync(unitsDatabase, 2_000)).Summary());
Report("floorRabbitPublishConfirmConsumeMs", (await Floor.RabbitPublishConfirmConsumeAsync(amqp, 2_000)).Summary());
Report("idleMemoryMb", await Footprint.ResidentMegabytesAsync(app, services));
Report("idleLauncherMemoryMb", await Footprint.ResidentMegabytesAsync(app, services, launcher: true));
// What the system spends doing nothing (probes, polls, timers, telemetry exports), in ms of CPU per second: at a low write rate
// this is a large part of each write's share, so it is read apart (the same division, by seconds instead of writes).
// The demo's last work outlives its loader by seconds: Processes, loaded last, compiles its hot code again at tier 1 (300-600 ms of
// CPU a second, 800-1,800 methods a second by dotnet-counters, 2026-12-03). Measured from the loader's end, that warm-up was
// reported as Processes' idle CPU (60-357 ms/s in every run since 2026-12-02); the idle window now starts once it is over.
Report("idleSettleSeconds", await CpuByProcess.WaitUntilQuietAsync(msPerSecond: 60, atMost: TimeSpan.FromSeconds(30)));
var idleCpu = MachineCpu.BusySeconds();
var idleCpuByProcess = CpuByProcess.Seconds();
await Task.Delay(TimeSpan.FromSeconds(10));
Report("idleMachineCpuMsPerSecond", MachineCpu.MillisecondsPerWrite(idleCpu, 10));
Report("idleCpuMsPerSecondByProcess", CpuByProcess.MillisecondsPerWrite(idleCpuByProcess, 10));

// The volume.
var seeding = new Seeding(gateway, registrar, secretariat);
await StatementStatistics.ResetAsync(unitsDatabase);
var seedStarted = Stopwatch.GetTimestamp();
var seedCpu = MachineCpu.BusySeconds();
var seedCpuByProcess = CpuByProcess.Seconds();
var seedPostgresCpu = await CpuByProcess.PostgresSecondsAsync(unitsDatabase);
var seedTelemetryBytes = telemetry.Bytes;
var unitIds = await seeding.UnitsAsync(units, writers: 8);
var unitSeconds = Stopwatch.GetElapsedTime(seedStarted).TotalSeconds;
Report("seedUnitCreatesPerSecond", Math.Round(units / unitSeconds, 1));
Report("seedMachineCpuMsPerUnitCreate", MachineCpu.MillisecondsPerWrite(seedCpu, units));
Report("seedCpuMsPerUnitCreateByProcess", CpuByProcess.MillisecondsPerWrite(seedCpuByProcess, units));
Report("seedPostgresCpuMsPerUnitCreateByPart",
    CpuByProcess.MillisecondsPerWrite(seedPostgresCpu, units, await CpuByProcess.PostgresSecondsAsync(unitsDatabase)));
// Exported in batches every few seconds, so the last seconds' share arrives later: a close lower bound.
Report("seedTelemetryKbPerUnitCreate", Math.Round((telemetry.Bytes - seedTelemetryBytes) / 1024.0 / units, 2));
// The read models may still be applying the last creates' events: their statements are a close lower bound, as the telemetry is.
Report("seedPostgresStatementsPerUnitCreate", await StatementStatistics.PerWriteAsync(unitsDatabase, units));
if (args.Contains("--drain-only"))
{
    // Only the outbox drain after the seeding (a few minutes, for comparing builds of the dispatcher).
    await DrainAsync();
    await StopAsync();
    return;
}

seedStarted = Stopwatch.GetTimestamp();
Report("mandatesReadModelLagAfterUnitSeedSeconds", await seeding.MandatesAsync(unitIds, writers: 8));
Report("seedMandatesTotalSeconds", Math.Round(Stopwatch.GetElapsedTime(seedStarted).TotalSeconds, 1));

// Reads: the same requests through the gateway and straight to the service, same concurrency.
var unitsDirect = app.GetEndpoint("units", "http").ToString().TrimEnd('/');
var gatewayAddress = gateway.BaseAddress!.ToString().TrimEnd('/');
var sample = unitIds[unitIds.Count / 2];
var reads = new JsonObject();
// The service's own liveness probe (no database): the ceiling for one of its reads on this machine.
await WrkResult.RunAsync(unitsDirect + "/alive", 16, TimeSpan.FromSeconds(1), registrar);
var alive = (await WrkResult.RunAsync(unitsDirect + "/alive", 16, loadFor, registrar)).RequestsPerSecond;
reads["aliveDirectRequestsPerSecond"] = alive;
foreach (var (name, path) in new[] { ("unit", $"/api/units/{sample}"), ("listPage", "/api/units?pageSize=50"),
    ("search", "/api/units?q=B%C3%A4nkenheten%2000150") })
{
    // One second of the same load first, so each path is measured compiled and pooled, not on its first requests.
    await WrkResult.RunAsync(unitsDirect + path, 16, TimeSpan.FromSeconds(1), registrar);
    await WrkResult.RunAsync(gatewayAddress + path, 16, TimeSpan.FromSeconds(1), registrar);
    var direct = await WrkResult.RunAsync(unitsDirect + path, 16, loadFor, registrar);
    var through = await WrkResult.RunAsync(gatewayAddress + path, 16, loadFor, registrar);
    reads[name] = JsonSerializer.SerializeToNode(new { direct, gateway = through,
        gatewayShareOfDirect = Share(through.RequestsPerSecond, direct.RequestsPerSecond) });
    Console.WriteLine($"{name}: direct {direct.RequestsPerSecond:0} req/s p99 {direct.P99Ms} ms, gateway {through.RequestsPerSecond:0} req/s p99 "
        + $"{through.P99Ms} ms");
}

await WrkResult.RunAsync($"{gatewayAddress}/api/org/units/{sample}", 16, TimeSpan.FromSeconds(1), registrar);
var composed = await WrkResult.RunAsync($"{gatewayAddress}/api/org/units/{sample}", 16, loadFor, registrar);
// The aim's latency is at half the peak rate, offered at a steady pace (wrk's p99 above is at the peak, mostly queueing).
var composedAtHalf = await Paced.RunAsync($"{gatewayAddress}/api/org/units/{sample}", composed.RequestsPerSecond / 2, loadFor, registrar);
reads["composedUnitView"] = JsonSerializer.SerializeToNode(new { gateway = composed, atHalfPeak = composedAtHalf });
reads["unitShareOfAlive"] = Share(reads["unit"]!["direct"]!["RequestsPerSecond"]!.GetValue<double>(), alive);
reads["listPageShareOfAlive"] = Share(reads["listPage"]!["direct"]!["RequestsPerSecond"]!.GetValue<double>(), alive);

// A share of a load that answered nothing is no figure (null), not infinity: JSON cannot hold one, and the run stopped there once
// (a runtime setting that stalled the list page, 2026-12-04).
static double? Share(double part, double whole) => whole > 0 ? Math.Round(part / whole, 3) : null;
Report("reads", reads);
Report("loadedMemoryMb", await Footprint.ResidentMegabytesAsync(app, services));

// Event propagation to a plain AMQP subscriber at steady write rates; each unit renamed once.
// First two seconds of renames that are not measured, on the last units (the rates take theirs from the first): until then no
// program had renamed anything, and the first rate measured every program compiling the rename's way (the reads are loaded a
// second first for the same reason). Then the machine is left to settle, as before the idle window.
var warmUp = unitIds.TakeLast(writeRates[0] * renameWarmUpSeconds).ToList();
await Propagation.RenamesAsync(seeding, amqp, unitsDatabase, mandatesDatabase,
    warmUp, registrar, writeRates[0], TimeSpan.FromSeconds(renameWarmUpSeconds));
Report("renameWarmUpSettleSeconds", await CpuByProcess.WaitUntilQuietAsync(msPerSecond: 60, atMost: TimeSpan.FromSeconds(30)));
var propagation = new JsonObject();
var measuredUnits = unitIds.Take(unitIds.Count - warmUp.Count).ToList();
var offset = 0;
foreach (var rate in writeRates)
{
    var needed = rate * (int)loadFor.TotalSeconds;
    var batch = measuredUnits.Skip(offset).Take(needed).ToList();
    offset += batch.Count;
    if (batch.Count < needed)
    {
        Console.WriteLine($"propagation at {rate}/s: skipped, {needed} unrenamed units needed (seed more)");
        continue;
    }

    await StatementStatistics.ResetAsync(unitsDatabase);
    var renameCpu = MachineCpu.BusySeconds();
    var renameCpuByProcess = CpuByProcess.Seconds();
    var renamePostgresCpu = await CpuByProcess.PostgresSecondsAsync(unitsDatabase);
    var (latencies, toPublishConfirmed, toReadModel, achieved, lost, failedByStatus) = await Propagation.RenamesAsync(
        seeding, amqp, unitsDatabase, mandatesDatabase, batch, registrar, rate,
            loadFor);
    var failed = failedByStatus.Values.Sum();
    propagation[$"{rate}PerSecond"] = JsonSerializer.SerializeToNode(new
    {
        offered = rate, achieved, failedWrites = failed,
        failedWritesByStatus = failedByStatus.ToDictionary(f => f.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), f => f.Value),
        lost, ms = latencies.Summary(), answerToPublishConfirmedMs = toPublishConfirmed.Summary(),
        answerToMandatesReadModelMs = toReadModel.Summary(), notSeenInMandatesReadModel = batch.Count - failed - toReadModel.Count,
        // Until every event reached the subscriber and Mandates' read model: the write and all it sets off.
        machineCpuMsPerWrite = MachineCpu.MillisecondsPerWrite(renameCpu, batch.Count - failed),
        cpuMsPerWriteByProcess = CpuByProcess.MillisecondsPerWrite(renameCpuByProcess, batch.Count - failed),
        postgresCpuMsPerWriteByPart = CpuByProcess.MillisecondsPerWrite(renamePostgresCpu, batch.Count - failed,
            await CpuByProcess.PostgresSecondsAsync(unitsDatabase)),
    });
    // Read after the CPU: the watchers' queries until every event was seen are in it, as they are in the CPU figures.
    propagation[$"{rate}PerSecond"]!["postgresStatements"] = await StatementStatistics.PerWriteAsync(unitsDatabase, batch.Count - failed);
    Console.WriteLine($"propagation at {rate}/s: achieved {achieved}/s, failed writes {failed} "
        + $"({string.Join(", ", failedByStatus.Select(f => $"{f.Value} × {f.Key}"))}), p50 {latencies.Percentile(50)} ms, p99 "
        + $"{latencies.Percentile(99)} ms, lost {lost}; "
        + $"answer → publish confirmed p50 {toPublishConfirmed.Percentile(50)} ms, p99 {toPublishConfirmed.Percentile(99)} ms; "
        + $"answer → Mandates' read model p50 {toReadModel.Percentile(50)} ms, p99 {toReadModel.Percentile(99)} ms");
}

Report("propagationToAmqpSubscriber", propagation);

await DrainAsync();
// Deadlocks PostgreSQL broke during the run, per database: each held its transactions for deadlock_timeout (1 s) first.
await using (var server = new Npgsql.NpgsqlConnection(unitsDatabase))
{
    await server.OpenAsync();
    await using var deadlocks = new Npgsql.NpgsqlCommand("SELECT datname, deadlocks FROM pg_stat_database WHERE datname LIKE '%db'", server);
    await using var rows = await deadlocks.ExecuteReaderAsync();
    var byDatabase = new JsonObject();
    while (await rows.ReadAsync())
    {
        byDatabase[rows.GetString(0)] = rows.GetInt64(1);
    }

    Report("deadlocks", byDatabase);
}

Console.WriteLine($"results: {output}");
await StopAsync();

// The outbox drain after a broker outage left a backlog of events (10,000; 2,000 when quick; units renamed round-robin).
async Task DrainAsync() => Report("outboxDrainAfterOutage", await Drain.AfterOutageAsync(seeding, LocalAppHost.Broker(data, ports),
    unitsDatabase, unitIds, registrar, drainBacklog));

async Task StopAsync()
{
    await app.StopAsync();
    LocalAppHost.Delete(data);
}
