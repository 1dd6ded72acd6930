using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using Nacka.Identity.Data;
using Nacka.Identity.Setup;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nacka.Identity.Server;

/// <summary>
/// What a token says: <c>sub</c>, <c>name</c> (recorded in history as who made a change) and
/// <c>roles</c> — the claims the services check (<c>Authentication:Jwt:NameClaimType</c>,
/// <c>RoleClaimType</c>) — for the register's API as audience.
/// </summary>
/// <param name="audience">The audience every access token names: the register's API (the services'
/// <c>Authentication:Jwt:Audience</c>), from <c>Identity:Audience</c>.</param>
/// <param name="personTokenLifetime">How long a person's access token holds (<c>Identity:PersonAccessTokenLifetime</c>; default
/// the provider's). The workspace renews it with the refresh token before it runs out.</param>
public sealed class Principals(string audience, TimeSpan? personTokenLifetime = null)
{
    public const string RoleClaim = "roles";
    public const string DefaultAudience = "urn:nacka:org:api";

    /// <summary>A person, with the roles they hold now (a refresh after a role change carries the new ones).</summary>
    public async Task<ClaimsPrincipal> ForUserAsync(RegisterUser user, UserManager<RegisterUser> users, ImmutableArray<string> scopes)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.Name, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName : user.DisplayName)
            .SetClaim(Claims.PreferredUsername, user.UserName)
            .SetClaims(RoleClaim, [.. await users.GetRolesAsync(user)]);
        var principal = Finish(identity, scopes);
        return personTokenLifetime is { } lifetime ? principal.SetAccessTokenLifetime(lifetime) : principal;
    }

    /// <summary>A machine client, with the roles configured for it.</summary>
    public ClaimsPrincipal ForClient(string clientId, string name, IEnumerable<string> roles, ImmutableArray<string> scopes)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, clientId).SetClaim(Claims.Name, name).SetClaims(RoleClaim, [.. roles]);
        return Finish(identity, scopes);
    }

    private static ClaimsIdentity NewIdentity() => new(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, RoleClaim);

    private ClaimsPrincipal Finish(ClaimsIdentity identity, ImmutableArray<string> scopes)
    {
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes);
        principal.SetResources(audience);
        // Every claim goes into the access token (the services read it); name and roles also into the identity token for the portal.
        principal.SetDestinations(claim => claim.Type is Claims.Name or RoleClaim or Claims.PreferredUsername
            ? [Destinations.AccessToken, Destinations.IdentityToken]
            : [Destinations.AccessToken]);
        return principal;
    }

    /// <summary>The roles a client may hold, from its registration (<see cref="ClientRegistry"/>).</summary>
    public static async Task<(IReadOnlyList<string> Roles, bool CallerNamesHolder)> ClientRolesAsync(IOpenIddictApplicationManager manager, object application,
        CancellationToken ct)
    {
        var properties = await manager.GetPropertiesAsync(application, ct);
        var roles = properties.TryGetValue(ClientRegistry.RolesProperty, out var value)
            ? System.Text.Json.JsonSerializer.Deserialize<List<string>>(value) ?? [] : [];
        var named = properties.TryGetValue(ClientRegistry.CallerNamesHolderProperty, out var flag) && flag.ValueKind == System.Text.Json.JsonValueKind.True;
        return (roles, named);
    }
}
