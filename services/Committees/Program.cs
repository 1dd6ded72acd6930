using Nacka.Committees;
using Nacka.Committees.Data;
using Nacka.Committees.Directory;
using Nacka.Committees.OpenApi;
using Nacka.Messaging;
using Nacka.Messaging.Replay;
using Nacka.Persistence;
using Nacka.Records.Corrections;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<CommitteesDbContext>(CommitteesDbContext.ConnectionName);
builder.AddUnitsReadModel();
builder.AddMessaging<CommitteesDbContext>("committees");
builder.AddEndCorrections<CommitteesDbContext>((db, ct) => db.CorrectEndsAsync(ct));
builder.Services.AddOpenApi(options => options.AddCommitteesExamples());

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapEventFeed<CommitteesDbContext>();
app.MapCommitteesApi();

if (await app.MigrateDatabaseAsync<CommitteesDbContext>())
{
    await app.RunAsync();
}

/// <summary>Entry point, visible to the service's tests through WebApplicationFactory.</summary>
public partial class Program;
