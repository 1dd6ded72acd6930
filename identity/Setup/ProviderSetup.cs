using Microsoft.AspNetCore.Identity;
using Nacka.Identity.Account;
using Nacka.Identity.Data;
using Nacka.Identity.Server;
using Nacka.Persistence;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nacka.Identity.Setup;

/// <summary>
/// The OpenID Connect provider: ASP.NET Core Identity for people (hashed passwords, lockout),
/// OpenIddict for the protocol — authorization code with PKCE for the portal, client credentials
/// for machine clients, refresh tokens, discovery and JWKS. Access tokens are signed JWTs (RS256),
/// not encrypted, so every service validates them from the published keys, as it would Entra ID's.
/// </summary>
public static class ProviderSetup
{
    public static WebApplicationBuilder AddIdentityProvider(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<IdentityDb>(IdentityDb.ConnectionName);
        var settings = builder.Configuration.GetSection("Identity");
        var keys = settings["KeysDirectory"] ?? Path.Combine(builder.Environment.ContentRootPath, ".keys");
        builder.Services.AddSingleton(new Principals(settings["Audience"] ?? Principals.DefaultAudience,
            settings.GetValue<TimeSpan?>("PersonAccessTokenLifetime")));

        builder.Services.AddIdentity<RegisterUser, IdentityRole>(options =>
            {
                // Length over character classes (NIST SP 800-63B): at least 12 characters, any kind.
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = settings.GetValue("Lockout:MaxFailedAttempts", 5);
                options.Lockout.DefaultLockoutTimeSpan = settings.GetValue("Lockout:Duration", TimeSpan.FromMinutes(15));
                options.Lockout.AllowedForNewUsers = true;
                options.ClaimsIdentity.UserNameClaimType = Claims.Name;
                options.ClaimsIdentity.UserIdClaimType = Claims.Subject;
                options.ClaimsIdentity.RoleClaimType = Principals.RoleClaim;
            })
            .AddEntityFrameworkStores<IdentityDb>()
            .AddDefaultTokenProviders();
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = SignInPage.Path;
            cookie.AccessDeniedPath = "/konto/ingen-behorighet";
            cookie.Cookie.Name = "nacka-identity";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        builder.Services.AddAntiforgery(options => options.Cookie.Name = "nacka-identity-af");
        builder.Services.AddAuthorization();

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDb>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/endsession");
                server.AllowClientCredentialsFlow()
                    .AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Roles, Scopes.OfflineAccess, ClientRegistry.ApiScope);
                if (settings["Issuer"] is { Length: > 0 } issuer)
                {
                    server.SetIssuer(new Uri(issuer));
                }

                server.SetAccessTokenLifetime(settings.GetValue("AccessTokenLifetime", TimeSpan.FromHours(1)));
                foreach (var key in IdentityKeys.SigningKeys(keys))
                {
                    server.AddSigningKey(key);
                }

                server.AddEncryptionKey(IdentityKeys.EncryptionKey(keys));
                server.DisableAccessTokenEncryption();
                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (!settings.GetValue("RequireHttps", false))
                {
                    // Local runs speak plain HTTP on localhost; behind an ingress TLS ends there (Identity:RequireHttps=true in production).
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });
        return builder;
    }

    public static WebApplication MapIdentityProvider(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapConnectEndpoints();
        app.MapSignInPage();
        app.MapAdminPage();
        app.MapGet("/konto/ingen-behorighet", () => Results.Content(
            "<!doctype html><html lang=\"sv\"><title>Ingen behörighet</title><h1>Ingen behörighet</h1><p>Din roll får inte göra det här.</p></html>",
            "text/html; charset=utf-8", statusCode: StatusCodes.Status403Forbidden));
        app.MapGet("/konto/inloggad", () => Results.Content("<!doctype html><html lang=\"sv\"><title>Inloggad</title><p>Du är inloggad.</p></html>",
            "text/html; charset=utf-8"));
        return app;
    }

    /// <summary>Clients and roles (and demo users on a first local start), after the database is migrated.</summary>
    public static async Task SeedAsync(this WebApplication app, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await ClientRegistry.SyncAsync(scope.ServiceProvider, app.Configuration, ct);
        await DemoUsers.EnsureAsync(scope.ServiceProvider, app.Configuration, app.Logger);
    }
}
