using Microsoft.AspNetCore.Identity;
using Nacka.Identity.Data;
using Nacka.Identity.Setup;
using Nacka.Persistence;

namespace Nacka.Identity.Account;

/// <summary>
/// <c>user add &lt;user-name&gt; &lt;role&gt; [display name]</c>: adds a person who may sign in, with a
/// generated password printed once. Runs against the provider's database (<c>ConnectionStrings:identitydb</c>) without
/// serving; <c>./build.sh user add</c> runs it for the local system.
/// </summary>
public static class UserCommand
{
    public static bool Matches(string[] args) => args is ["user", "add", ..];

    /// <param name="settings">Configuration beyond the environment's (the database, the keys folder), as a tool or a test gives it.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, IReadOnlyDictionary<string, string?>? settings = null)
    {
        if (args is not ["user", "add", var userName, var role, .. var rest] || !NackaRoles.All.Contains(role))
        {
            await output.WriteLineAsync($"usage: user add <user-name> <{string.Join('|', NackaRoles.All)}> [display name]");
            return 2;
        }

        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults(validateTokens: false);
        builder.AddIdentityProvider();
        await using var app = builder.Build();
        await app.MigrateDatabaseAsync<IdentityDb>();
        await app.SeedAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<RegisterUser>>();
        if (await users.FindByNameAsync(userName) is not null)
        {
            await output.WriteLineAsync($"A user named '{userName}' exists.");
            return 1;
        }

        var password = DemoUsers.NewPassword();
        await DemoUsers.AddAsync(users, userName, rest.Length > 0 ? string.Join(' ', rest) : userName, role, password);
        await output.WriteLineAsync($"Added {userName} ({role}). Password (shown once): {password}");
        return 0;
    }
}
