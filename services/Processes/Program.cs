using Nacka.Messaging;
using Nacka.Messaging.Replay;
using Nacka.Persistence;
using Nacka.Processes;
using Nacka.Processes.Data;
using Nacka.Processes.Directory;
using Nacka.Processes.OpenApi;
using Nacka.Records.Corrections;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<ProcessesDbContext>(ProcessesDbContext.ConnectionName);
builder.AddOrganisationReadModel();
builder.AddMessaging<ProcessesDbContext>("processes");
builder.AddEndCorrections<ProcessesDbContext>((db, ct) => db.CorrectEndsAsync(ct));
builder.Services.AddOpenApi(options => options.AddProcessesExamples());

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapEventFeed<ProcessesDbContext>();
app.MapProcessesApi();

if (await app.MigrateDatabaseAsync<ProcessesDbContext>())
{
    await app.RunAsync();
}

/// <summary>Entry point, visible to the service's tests through WebApplicationFactory.</summary>
public partial class Program;
