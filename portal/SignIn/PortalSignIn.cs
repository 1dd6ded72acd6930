using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Nacka.Portal.SignIn;

/// <summary>
/// Sign-in as eShop's WebApp does it: the OpenID Connect handler (authorization code with PKCE)
/// against <c>Portal:Authority</c> — the register's identity service, or Entra ID / Keycloak — and an
/// HttpOnly, SameSite cookie session. The tokens are kept in the session on the server
/// (<c>SaveTokens</c>) and attached to the portal's own calls to the register; no token is ever sent
/// to the browser's JavaScript.
/// </summary>
public static class PortalSignIn
{
    private static readonly string[] Scopes = ["openid", "profile", "roles", "api", "offline_access"];

    public static WebApplicationBuilder AddPortalSignIn(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Portal");
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "nacka-portal";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
                cookie.AccessDeniedPath = "/ingen-behorighet";
            })
            .AddOpenIdConnect(oidc =>
            {
                oidc.Authority = settings["Authority"];
                oidc.RequireHttpsMetadata = oidc.Authority?.StartsWith("https://", StringComparison.Ordinal) ?? false;
                oidc.ClientId = settings["ClientId"] ?? "portal";
                oidc.ClientSecret = settings["ClientSecret"];
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                oidc.UsePkce = true;
                // The code comes back on a top-level GET, so the handler's correlation and nonce cookies can be SameSite=Lax
                // (a form_post from the provider's origin would need SameSite=None, which browsers drop without HTTPS).
                oidc.ResponseMode = OpenIdConnectResponseMode.Query;
                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.SaveTokens = true;
                oidc.GetClaimsFromUserInfoEndpoint = false;
                oidc.MapInboundClaims = false;
                oidc.Scope.Clear();
                foreach (var scope in Scopes)
                {
                    oidc.Scope.Add(scope);
                }

                oidc.TokenValidationParameters.NameClaimType = "name";
                oidc.TokenValidationParameters.RoleClaimType = "roles";
            });
        // A key rotated at the provider: the first identity token signed with it is validated against keys fetched at once,
        // instead of failing that sign-in while the handler refreshes its configuration in the background.
        builder.Services.AddSingleton<FreshSigningKeys>();
        builder.Services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme).Configure<FreshSigningKeys>((oidc, fresh) =>
            oidc.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, kid, parameters) =>
                fresh.Resolve(kid, parameters.IssuerSigningKeys, oidc.MetadataAddress!, oidc.Backchannel, oidc.RequireHttpsMetadata));
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddHttpContextAccessor();
        return builder;
    }

    /// <summary><c>/logga-in</c> (to the provider and back) and <c>/logga-ut</c> (here and at the provider).</summary>
    public static void MapSignInEndpoints(this WebApplication app)
    {
        app.MapGet("/logga-in", (string? tillbaka) =>
            Results.Challenge(new AuthenticationProperties { RedirectUri = RedirectHttpResult.IsLocalUrl(tillbaka) ? tillbaka : "/" }));
        // The anti-forgery middleware only records its verdict; an endpoint that binds no form must read it, or another
        // site could sign the user out with a bare cross-site post. No verdict (no form posted) is no token either.
        app.MapPost("/logga-ut", (HttpContext http) => http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true }
                ? Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                    [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme])
                : Results.Problem(statusCode: StatusCodes.Status400BadRequest,
                    title: "Utloggningen saknar formulärets skydd mot förfalskning; logga ut från sidan."))
            .WithMetadata(new RequireAntiforgeryTokenAttribute());
    }

}
