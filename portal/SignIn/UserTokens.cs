using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Nacka.Portal.SignIn;

/// <summary>
/// The signed-in user's access token, kept in the session cookie on the server. An access token lives an hour while the
/// session lives eight: shortly before it runs out it is renewed with the refresh token (at the provider's token endpoint,
/// as the portal's client) and the session is updated — once per request, however many calls the page makes. When it
/// cannot be renewed (the account locked, the refresh token expired), the old token goes out, the register answers 401 and
/// the form says the sign-in has run out, keeping what was typed.
/// </summary>
public sealed class UserTokens(IOptionsMonitor<OpenIdConnectOptions> oidc, TimeProvider clock, ILogger<UserTokens> logger)
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);
    private const string Renewed = "nacka-access-token";

    public async Task<string?> AccessTokenAsync(HttpContext context, CancellationToken ct)
    {
        if (context.Items[Renewed] is string renewed)
        {
            return renewed;
        }

        var session = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (!session.Succeeded || session.Properties.GetTokenValue("access_token") is not { Length: > 0 } token)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(session.Properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind,
            out var expiresAt)
            || expiresAt - clock.GetUtcNow() > Margin || session.Properties.GetTokenValue("refresh_token") is not { Length: > 0 } refreshToken)
        {
            return token;
        }

        var options = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(ct);
        using var response = await options.Backchannel.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = options.ClientId ?? "",
            ["client_secret"] = options.ClientSecret ?? "",
        }), ct);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogInformation("The access token of {User} could not be renewed ({Status}): the sign-in has run out", context.User.Identity?.Name,
                (int)response.StatusCode);
            return token;
        }

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        var access = answer["access_token"]!.GetValue<string>();
        session.Properties.UpdateTokenValue("access_token", access);
        if (answer["refresh_token"]?.GetValue<string>() is { Length: > 0 } newRefreshToken)
        {
            session.Properties.UpdateTokenValue("refresh_token", newRefreshToken);
        }

        var lifetime = TimeSpan.FromSeconds(answer["expires_in"]?.GetValue<int>() ?? 3600);
        session.Properties.UpdateTokenValue("expires_at", clock.GetUtcNow().Add(lifetime).ToString("o", CultureInfo.InvariantCulture));
        context.Items[Renewed] = access;
        if (!context.Response.HasStarted)
        {
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, session.Principal!, session.Properties);
        }

        return access;
    }
}
