using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Nacka.DevTokens;

/// <summary>
/// Tokens for local runs and tests, signed with the key the AppHost generated (HS256). A real
/// deployment gets its tokens from the municipality's identity provider instead; the services
/// validate both the same way (issuer, audience, signature, lifetime, role claim).
/// </summary>
public static class DevelopmentTokens
{
    public const string Issuer = "urn:nacka:org:local";
    public const string Audience = "urn:nacka:org:api";

    /// <summary>The key file under the data folder (<c>.local/auth/signing.key</c>): created once, kept with the data.</summary>
    public static string KeyFile(string dataDirectory) => Path.Combine(dataDirectory, "auth", "signing.key");

    /// <summary>Reads the base64 signing key, creating it (owner-only) on first use.</summary>
    public static string ReadOrCreateKey(string keyFile)
    {
        if (File.Exists(keyFile))
        {
            return File.ReadAllText(keyFile).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(keyFile, key);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }

    /// <summary>A token for <paramref name="name"/> holding <paramref name="roles"/>, valid for <paramref name="lifetime"/> (default 8 hours).</summary>
    public static string Create(string base64Key, string name, IEnumerable<string> roles, TimeSpan? lifetime = null)
    {
        var claims = new List<Claim> { new("sub", name), new("name", name) };
        claims.AddRange(roles.Select(role => new Claim("roles", role)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow + (lifetime ?? TimeSpan.FromHours(8)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(base64Key)), SecurityAlgorithms.HmacSha256),
        });
    }
}
