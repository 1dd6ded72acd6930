using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Nacka.DevTokens;

/// <summary>
/// Symmetric (HS256) tokens for tests that start a service on its own, without the identity provider:
/// the local run and the full-system tests get their tokens from the provider (<see cref="ProviderTokens"/>).
/// The services validate both the same way (issuer, audience, signature, lifetime, role claim).
/// </summary>
public static class DevelopmentTokens
{
    public const string Issuer = "urn:nacka:org:local";
    public const string Audience = "urn:nacka:org:api";

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
