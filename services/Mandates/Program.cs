using Nacka.Messaging;
using Nacka.Messaging.Replay;
using Nacka.Persistence;
using Nacka.Mandates.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<MandatesDbContext>(MandatesDbContext.ConnectionName);
builder.AddMessaging<MandatesDbContext>("mandates");
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapEventFeed<MandatesDbContext>();

await app.MigrateDatabaseAsync<MandatesDbContext>();
await app.RunAsync();

/// <summary>Entry point, visible to the service's tests through WebApplicationFactory.</summary>
public partial class Program;
