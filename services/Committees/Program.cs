using Nacka.Messaging;
using Nacka.Messaging.Replay;
using Nacka.Persistence;
using Nacka.Committees.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<CommitteesDbContext>(CommitteesDbContext.ConnectionName);
builder.AddMessaging<CommitteesDbContext>("committees");
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapEventFeed<CommitteesDbContext>();

await app.MigrateDatabaseAsync<CommitteesDbContext>();
await app.RunAsync();

/// <summary>Entry point, visible to the service's tests through WebApplicationFactory.</summary>
public partial class Program;
