using Microsoft.Extensions.Configuration;

namespace Nacka.AppHost.Infrastructure;

/// <summary>
/// The register's own OpenID Connect provider (<c>identity</c>, OpenIddict + ASP.NET Core Identity,
/// its own <c>identitydb</c>), used unless <c>Authentication:Jwt:Authority</c> names another one
/// (Entra ID, Keycloak). What it keeps lives in <c>.local/identity/</c>, owner-only: its signing
/// keys (<c>keys/</c>), the demo users' passwords (<c>demo-users.txt</c>, written on the first
/// start) and the secrets of the local machine clients (<c>clients/*.secret</c>): the demo loader
/// and <c>nacka-cli</c>, through which <c>./build.sh token</c> gets its tokens.
/// </summary>
internal static class IdentityProvider
{
    public const string ResourceName = "identity";
    public const string DemoLoaderClient = "demo-loader";
    public const string CliClient = "nacka-cli";
    public const string PortalClient = "portal";

    /// <summary>The provider and the demo loader's client secret, or null when an external provider is configured.</summary>
    public static LocalIdentity? AddIdentityProvider(this IDistributedApplicationBuilder builder, Infrastructure infrastructure)
    {
        if (builder.Configuration["Authentication:Jwt:Authority"] is { Length: > 0 })
        {
            return null;
        }

        var folder = Path.Combine(DataRoot(builder), "identity");
        var database = infrastructure.Database("identitydb");
        var identity = builder.AddProject<Projects.Nacka_Identity>(ResourceName)
            .WithReference(database.Connection)
            .WithEnvironment("Identity__KeysDirectory", Path.Combine(folder, "keys"))
            .WithEnvironment("Identity__DemoUsers__File", Path.Combine(folder, "demo-users.txt"))
            .WithEnvironment("Identity__Audience", Nacka.DevTokens.DevelopmentTokens.Audience)
            .WithHttpHealthCheck("/health");
        if (builder.Configuration["Identity:PersonAccessTokenLifetime"] is { Length: > 0 } lifetime)
        {
            identity.WithEnvironment("Identity__PersonAccessTokenLifetime", lifetime); // the tests shorten it to see the workspace renew it
        }
        if (database.WaitTarget is not null)
        {
            identity.WaitFor(database.WaitTarget);
        }

        // Roles as the services name them (NackaRoles): registrar, ks-secretariat, admin.
        var demoLoader = Client(builder, identity, folder, DemoLoaderClient, "Demodata (demo-loader)", ["registrar", "ks-secretariat"]);
        Client(builder, identity, folder, CliClient, "./build.sh token", ["registrar", "ks-secretariat", "admin"], callerNamesHolder: true);
        return new LocalIdentity(identity, demoLoader);
    }

    /// <summary>A machine client: its secret generated once (owner-only file), handed to the provider as a secret parameter.</summary>
    public static IResourceBuilder<ParameterResource> Client(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> identity, string folder,
        string clientId, string displayName, string[] roles, bool callerNamesHolder = false)
    {
        var secret = builder.AddParameter($"{clientId}-secret", Nacka.LocalServers.Secrets.ReadOrCreate(Path.Combine(folder, "clients", clientId + ".secret")),
            publishValueAsDefault: false, secret: true);
        identity.WithEnvironment($"Identity__Clients__{clientId}__Secret", secret)
            .WithEnvironment($"Identity__Clients__{clientId}__DisplayName", displayName)
            .WithEnvironment($"Identity__Clients__{clientId}__CallerNamesHolder", callerNamesHolder ? "true" : "false");
        for (var i = 0; i < roles.Length; i++)
        {
            identity.WithEnvironment($"Identity__Clients__{clientId}__Roles__{i}", roles[i]);
        }

        return secret;
    }

    /// <summary>
    /// The portal as a client that signs people in (authorization code with PKCE): its secret made
    /// like a machine client's, its redirect addresses from the portal's own endpoint.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPortalClient(this IResourceBuilder<ProjectResource> portal,
        IDistributedApplicationBuilder builder, LocalIdentity? identity)
    {
        if (identity is null)
        {
            var settings = builder.Configuration.GetSection("Authentication:Portal");
            return portal.WithEnvironment("Portal__Authority", builder.Configuration["Authentication:Jwt:Authority"])
                .WithEnvironment("Portal__ClientId", settings["ClientId"] ?? PortalClient)
                .WithEnvironment("Portal__ClientSecret", settings["ClientSecret"] ?? "");
        }

        var folder = Path.Combine(DataRoot(builder), "identity");
        var secret = Client(builder, identity.Provider, folder, PortalClient, "Portalen", roles: []);
        var endpoint = portal.GetEndpoint("http");
        identity.Provider
            .WithEnvironment($"Identity__Clients__{PortalClient}__RedirectUris__0", ReferenceExpression.Create($"{endpoint}/signin-oidc"))
            .WithEnvironment($"Identity__Clients__{PortalClient}__PostLogoutRedirectUris__0", ReferenceExpression.Create($"{endpoint}/signout-callback-oidc"));
        return portal.WithEnvironment("Portal__Authority", identity.Provider.GetEndpoint("http"))
            .WithEnvironment("Portal__ClientId", PortalClient)
            .WithEnvironment("Portal__ClientSecret", secret);
    }

    public static string DataRoot(IDistributedApplicationBuilder builder) =>
        Path.GetFullPath(builder.Configuration["Infrastructure:Local:DataDirectory"] ?? Path.Combine(builder.AppHostDirectory, "..", ".local"));
}

/// <summary>The local provider, and the secret the demo loader signs in with as a machine client.</summary>
internal sealed record LocalIdentity(IResourceBuilder<ProjectResource> Provider, IResourceBuilder<ParameterResource> DemoLoaderSecret);
