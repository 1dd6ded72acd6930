using Nacka.Messaging;
using Nacka.Persistence;
using Nacka.Committees.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<CommitteesDbContext>(CommitteesDbContext.ConnectionName);
builder.AddMessaging();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseDefaultProblemDetails();
app.MapDefaultEndpoints();
app.MapOpenApi();

await app.MigrateDatabaseAsync<CommitteesDbContext>();
await app.RunAsync();

/// <summary>Entry point, visible to the service's tests through WebApplicationFactory.</summary>
public partial class Program;
