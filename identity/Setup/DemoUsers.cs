using Nacka.LocalServers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Nacka.Identity.Data;

namespace Nacka.Identity.Setup;

/// <summary>
/// The roles, always; and on a first local start (<c>Identity:DemoUsers:File</c> set, no user yet)
/// one demo user per role with a generated password, written owner-only to that file and logged
/// once. Nothing is created in production, where the setting is absent.
/// </summary>
public static class DemoUsers
{
    private static readonly (string UserName, string DisplayName, string Role)[] People =
    [
        ("registrator", "Registrator (demo)", NackaRoles.Registrar),
        ("ks-sekretariat", "KS-sekretariatet (demo)", NackaRoles.KsSecretariat),
        ("admin", "Administratör (demo)", NackaRoles.Admin),
    ];

    public static async Task EnsureAsync(IServiceProvider services, IConfiguration configuration, ILogger logger)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in NackaRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }

        var users = services.GetRequiredService<UserManager<RegisterUser>>();
        if (configuration["Identity:DemoUsers:File"] is not { Length: > 0 } file || users.Users.Any())
        {
            return;
        }

        var lines = new List<string>();
        foreach (var (userName, displayName, role) in People)
        {
            var password = NewPassword();
            await AddAsync(users, userName, displayName, role, password);
            lines.Add($"{userName}\t{role}\t{password}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        Secrets.WriteOwnerOnly(file, string.Join('\n', ["# user\trole\tpassword (demo users, created on first start)", .. lines]) + "\n");
        logger.LogWarning("Demo users created (shown once; kept owner-only in {File}):{Users}", file,
            string.Concat(lines.Select(l => Environment.NewLine + "  " + l)));
    }

    /// <summary>Adds a user with <paramref name="role"/>; the password must meet Identity's rules.</summary>
    public static async Task AddAsync(UserManager<RegisterUser> users, string userName, string displayName, string role, string password)
    {
        var user = new RegisterUser { UserName = userName, DisplayName = displayName, LockoutEnabled = true };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
    }

    /// <summary>24 random characters from letters and digits, with each class Identity asks for.</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 21) + "a7Z";

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
