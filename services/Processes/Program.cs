using Nacka.Messaging;
using Nacka.Persistence;
using Nacka.Processes.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<ProcessesDbContext>(ProcessesDbContext.ConnectionName);
builder.AddMessaging();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseDefaultProblemDetails();
app.MapDefaultEndpoints();
app.MapOpenApi();

await app.MigrateDatabaseAsync<ProcessesDbContext>();
await app.RunAsync();

/// <summary>Entry point, visible to the service's tests through WebApplicationFactory.</summary>
public partial class Program;
