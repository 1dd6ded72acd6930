using Nacka.Mandates;
using Nacka.Mandates.Data;
using Nacka.Mandates.Directory;
using Nacka.Mandates.Expiry;
using Nacka.Mandates.OpenApi;
using Nacka.Messaging;
using Nacka.Messaging.Replay;
using Nacka.Persistence;
using Nacka.Records.Corrections;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<MandatesDbContext>(MandatesDbContext.ConnectionName);
builder.AddOrganisationReadModel();
builder.AddMessaging<MandatesDbContext>("mandates");
builder.AddEndCorrections<MandatesDbContext>((db, ct) => db.CorrectEndsAsync(ct));
builder.Services.AddOptions<MandateExpiryOptions>().BindConfiguration(MandateExpiryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<MandateExpiry>();
builder.Services.AddHostedService(services => services.GetRequiredService<MandateExpiry>());
builder.Services.AddOpenApi(options => options.AddMandatesExamples());

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapEventFeed<MandatesDbContext>();
app.MapMandatesApi();

if (await app.MigrateDatabaseAsync<MandatesDbContext>())
{
    await app.RunAsync();
}

/// <summary>Entry point, visible to the service's tests through WebApplicationFactory.</summary>
public partial class Program;
