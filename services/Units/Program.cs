using Nacka.Messaging;
using Nacka.Messaging.Replay;
using Nacka.Persistence;
using Nacka.Units;
using Nacka.Units.Data;
using Nacka.Units.Directors;
using Nacka.Units.Managers;
using Nacka.Units.OpenApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<UnitsDbContext>(UnitsDbContext.ConnectionName);
builder.AddManagersReadModel();
builder.AddMessaging<UnitsDbContext>("units");
builder.Services.AddOpenApi(options => options.AddNackaExamples());

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapEventFeed<UnitsDbContext>();
app.MapUnitsApi();
app.MapDirectorsApi();

if (await app.MigrateDatabaseAsync<UnitsDbContext>())
{
    await app.RunAsync();
}

/// <summary>Entry point, visible to the service's tests through WebApplicationFactory.</summary>
public partial class Program;
