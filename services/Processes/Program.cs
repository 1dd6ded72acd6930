using Nacka.Messaging;
using Nacka.Messaging.Replay;
using Nacka.Persistence;
using Nacka.Processes.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<ProcessesDbContext>(ProcessesDbContext.ConnectionName);
builder.AddMessaging<ProcessesDbContext>("processes");
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapEventFeed<ProcessesDbContext>();

await app.MigrateDatabaseAsync<ProcessesDbContext>();
await app.RunAsync();

/// <summary>Entry point, visible to the service's tests through WebApplicationFactory.</summary>
public partial class Program;
