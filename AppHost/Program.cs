using Nacka.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);
var infrastructure = builder.AddInfrastructure();

var units = builder.AddProject<Projects.Nacka_Units>("units").WithInfrastructure(infrastructure, "unitsdb");
var processes = builder.AddProject<Projects.Nacka_Processes>("processes").WithInfrastructure(infrastructure, "processesdb");
var committees = builder.AddProject<Projects.Nacka_Committees>("committees").WithInfrastructure(infrastructure, "committeesdb");
var mandates = builder.AddProject<Projects.Nacka_Mandates>("mandates").WithInfrastructure(infrastructure, "mandatesdb");

builder.AddProject<Projects.Nacka_Gateway>("gateway")
    .WithReference(units).WaitFor(units)
    .WithReference(processes).WaitFor(processes)
    .WithReference(committees).WaitFor(committees)
    .WithReference(mandates).WaitFor(mandates)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

foreach (var service in new[] { units, processes, committees, mandates })
{
    service.WithHttpHealthCheck("/health");
}

await builder.Build().RunAsync();
