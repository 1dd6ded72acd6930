using Nacka.Identity.Account;
using Nacka.Identity.Data;
using Nacka.Identity.Setup;
using Nacka.Persistence;

if (UserCommand.Matches(args))
{
    return await UserCommand.RunAsync(args, Console.Out);
}

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

return 0;

/// <summary>Entry point, visible to tests through WebApplicationFactory.</summary>
public partial class Program;
