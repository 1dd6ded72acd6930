using Nacka.Identity.Data;
using Nacka.Identity.Setup;
using Nacka.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(validateTokens: false);
builder.AddIdentityProvider();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapIdentityProvider();

if (await app.MigrateDatabaseAsync<IdentityDb>())
{
    await app.SeedAsync();
    await app.RunAsync();
}

/// <summary>Entry point, visible to tests through WebApplicationFactory.</summary>
public partial class Program;
