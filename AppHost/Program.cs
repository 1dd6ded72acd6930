using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Nacka.AppHost;
using Nacka.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);
var infrastructure = builder.AddInfrastructure();
// Sign-in and tokens: the register's own OpenID Connect provider unless Authentication:Jwt:Authority names another.
var identity = builder.AddIdentityProvider(infrastructure);

var units = builder.AddProject<Projects.Nacka_Units>("units").WithInfrastructure(infrastructure, "unitsdb").WithTokenValidation(builder, identity);
var processes = builder.AddProject<Projects.Nacka_Processes>("processes").WithInfrastructure(infrastructure, "processesdb")
    .WithTokenValidation(builder, identity);
// Processes reads the Units and Mandates replay feeds to fill gaps in its read model.
processes.WithReference(units);
// Committees reads the Units replay feed (http://units) to fill gaps in its read model.
var committees = builder.AddProject<Projects.Nacka_Committees>("committees").WithInfrastructure(infrastructure, "committeesdb")
    .WithTokenValidation(builder, identity)
    .WithReference(units);
// Mandates reads the Units and Committees replay feeds; Units reads the Mandates feed (who leads each unit).
var mandates = builder.AddProject<Projects.Nacka_Mandates>("mandates").WithInfrastructure(infrastructure, "mandatesdb").WithTokenValidation(builder, identity)
    .WithReference(units).WithReference(committees);
units.WithReference(mandates);
processes.WithReference(mandates);

// The gateway starts with the services (once they run), not after they are healthy: it routes by address and answers 502 for a
// service not up yet, and its start no longer follows theirs (3 s less to all healthy here, the portal 10 s). Starting it before
// the broker was slower: it took the cores the broker's start needed, and the services wait for the broker (docs/benchmarks.md).
// What needs the services waits for them itself (the demo loader below, the tests' LocalAppHost).
var gateway = builder.AddProject<Projects.Nacka_Gateway>("gateway")
    .WithReference(units).WaitForStart(units)
    .WithReference(processes).WaitForStart(processes)
    .WithReference(committees).WaitForStart(committees)
    .WithReference(mandates).WaitForStart(mandates)
    .WithHttpHealthCheck("/health")
    .WithTokenValidation(builder, identity)
    .WithExternalHttpEndpoints();

// The workspace: registrars and the KS secretariat sign in and make every change from forms.
var portal = builder.AddProject<Projects.Nacka_Portal>("portal")
    .WithReference(gateway).WaitFor(gateway)
    .WithPortalClient(builder, identity)
    .WithEnvironment("Portal__ApiReference", ReferenceExpression.Create($"{gateway.GetEndpoint("http")}/docs"))
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

// The gateway's "/" is for people: it sends them on to the portal's pages (gateway/Portal.cs).
gateway.WithEnvironment("Portal__Address", portal.GetEndpoint("http"));

// Demo organisation, loaded once through the gateway's API (Demo:Seed=false to start empty).
if (builder.Configuration.GetValue("Demo:Seed", defaultValue: true))
{
    // The loader is a machine client of the provider (client credentials), like any system that writes.
    var demo = builder.AddProject<Projects.Nacka_Demo>(Nacka.AppHost.DemoReadiness.Loader).WithReference(gateway).WaitFor(gateway)
        .WaitFor(units).WaitFor(processes).WaitFor(committees).WaitFor(mandates);
    builder.Services.AddHostedService<Nacka.AppHost.DemoReadiness>();
    if (identity is not null)
    {
        demo.WaitFor(identity.Provider)
            .WithEnvironment("Identity__Authority", identity.Provider.GetEndpoint("http"))
            .WithEnvironment("Identity__ClientId", IdentityProvider.DemoLoaderClient)
            .WithEnvironment("Identity__ClientSecret", identity.DemoLoaderSecret);
    }
    else
    {
        demo.WithEnvironment("Identity__Authority", builder.Configuration["Authentication:Jwt:Authority"])
            .WithEnvironment("Identity__ClientId", builder.Configuration["Demo:ClientId"])
            .WithEnvironment("Identity__ClientSecret", builder.Configuration["Demo:ClientSecret"]);
    }
}

// Services:Replicas runs each service as that many processes behind one address: the outbox
// dispatchers share the rows (leases, SKIP LOCKED), consumers compete on one queue per service,
// the mandate expiry locks what it ends, and idempotency keys live in the database.
var replicas = builder.Configuration.GetValue("Services:Replicas", defaultValue: 1);
if (replicas is < 1 or > 8)
{
    throw new InvalidOperationException($"Services:Replicas must be between 1 and 8 (was {replicas}).");
}

// Messaging:QuorumQueues declares the services' queues as quorum queues, as deploy/ does for the
// three-node broker (on a fresh broker: a queue's type is fixed when first declared).
var quorumQueues = builder.Configuration.GetValue("Messaging:QuorumQueues", defaultValue: false);

// Telemetry:ReadTraceRatio, the share of reads traced (ServiceDefaults/ReadTraceSampling): every one unless set, so the dashboard
// shows each request; deploy/ sets what production keeps, and the bench passes the same.
if (builder.Configuration["Telemetry:ReadTraceRatio"] is { } readTraceRatio)
{
    foreach (var program in new[] { units, processes, committees, mandates, gateway, portal })
    {
        program.WithEnvironment("Telemetry__ReadTraceRatio", readTraceRatio);
    }
}

foreach (var service in new[] { units, processes, committees, mandates })
{
    service.WithHttpHealthCheck("/health");
    if (quorumQueues)
    {
        service.WithEnvironment("Messaging__QuorumQueues", "true");
    }

    if (replicas > 1)
    {
        service.WithReplicas(replicas);
    }
}

// Every project starts as its built program, not through `dotnet run` (AppHost/BuiltProgramLaunch.cs), and listens on its own
// address unless it runs as replicas (AppHost/DirectEndpoints.cs).
builder.RunBuiltPrograms();
builder.ServeProgramsDirectly();

await builder.Build().RunAsync();
