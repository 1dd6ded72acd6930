using System.Collections.Immutable;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Nacka.Identity.Data;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nacka.Identity.Server;

/// <summary>
/// The OpenID Connect endpoints OpenIddict hands to the application ("passthrough"): who the
/// token is for is decided here; OpenIddict validates the requests, issues and signs the tokens,
/// and serves discovery (<c>/.well-known/openid-configuration</c>) and the keys (<c>/.well-known/jwks</c>).
/// </summary>
public static class ConnectEndpoints
{
    public static void MapConnectEndpoints(this WebApplication app)
    {
        app.MapMethods("/connect/authorize", ["GET", "POST"], AuthorizeAsync).DisableAntiforgery();
        app.MapPost("/connect/token", TokenAsync).DisableAntiforgery();
        app.MapMethods("/connect/endsession", ["GET", "POST"], EndSessionAsync).DisableAntiforgery();
    }

    /// <summary>Authorization code flow: a signed-in person gets a code for the client; anyone else goes to the sign-in page first.</summary>
    private static async Task<IResult> AuthorizeAsync(HttpContext http, UserManager<RegisterUser> users, Principals principals)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var signedIn = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!signedIn.Succeeded || request.HasPromptValue(PromptValues.Login))
        {
            var query = http.Request.HasFormContentType
                ? QueryString.Create(http.Request.Form.Where(p => p.Key != Parameters.Prompt).Select(p => KeyValuePair.Create(p.Key, p.Value)))
                : QueryString.Create(http.Request.Query.Where(p => p.Key != Parameters.Prompt).Select(p => KeyValuePair.Create(p.Key, p.Value)));
            return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + query },
                [IdentityConstants.ApplicationScheme]);
        }

        if (await users.GetUserAsync(signedIn.Principal!) is not { } user || await users.IsLockedOutAsync(user))
        {
            return Forbid(Errors.AccessDenied, "The account is locked or no longer exists.");
        }

        return Results.SignIn(await principals.ForUserAsync(user, users, request.GetScopes()),
            authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, UserManager<RegisterUser> users, IOpenIddictApplicationManager applications,
        Principals principals)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, http.RequestAborted)
                ?? throw new InvalidOperationException("OpenIddict authenticated an unknown client.");
            var (roles, callerNamesHolder) = await Principals.ClientRolesAsync(applications, application, http.RequestAborted);
            var name = await applications.GetDisplayNameAsync(application, http.RequestAborted) ?? request.ClientId!;
            if (callerNamesHolder)
            {
                // Local runs: ./build.sh token <role> [name] asks for one of this client's roles, for a named person.
                if (request.GetParameter("role")?.ToString() is { Length: > 0 } asked)
                {
                    var wanted = asked.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (wanted.FirstOrDefault(r => !roles.Contains(r)) is { } refused)
                    {
                        return Forbid(Errors.InvalidScope, $"This client may not hold the role '{refused}'.");
                    }

                    roles = wanted;
                }

                name = request.GetParameter("name")?.ToString() is { Length: > 0 } named ? named : name;
            }

            return Results.SignIn(principals.ForClient(request.ClientId!, name, roles, request.GetScopes()),
                authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            // The person as of now: a locked account or a changed role is not carried on by a refresh.
            var ticket = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            if (ticket.Principal?.GetClaim(Claims.Subject) is not { } subject || await users.FindByIdAsync(subject) is not { } user
                || await users.IsLockedOutAsync(user))
            {
                return Forbid(Errors.InvalidGrant, "The account is locked or no longer exists.");
            }

            return Results.SignIn(await principals.ForUserAsync(user, users, ticket.Principal.GetScopes()),
                authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Forbid(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    /// <summary>Sign-out at the provider: the session cookie goes, then back to the client's post-logout address.</summary>
    private static async Task<IResult> EndSessionAsync(HttpContext http, SignInManager<RegisterUser> signIn)
    {
        await signIn.SignOutAsync();
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static IResult Forbid(string error, string description) => Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
