using System.Text.Json;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nacka.Identity.Setup;

/// <summary>
/// Keeps OpenIddict's applications as configuration says (<see cref="ClientSettings"/>): created
/// when new, updated when changed (a rotated secret, another redirect URI), on every start.
/// </summary>
public static class ClientRegistry
{
    public const string Section = "Identity:Clients";
    public const string RolesProperty = "nacka_roles";
    public const string CallerNamesHolderProperty = "nacka_caller_names_holder";

    /// <summary>The audience and scope of the register's API (what the services validate as <c>aud</c>).</summary>
    public const string ApiScope = "api";

    public static async Task SyncAsync(IServiceProvider services, IConfiguration configuration, CancellationToken ct)
    {
        var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var client in configuration.GetSection(Section).GetChildren())
        {
            var settings = client.Get<ClientSettings>() ?? new ClientSettings();
            if (string.IsNullOrWhiteSpace(settings.Secret))
            {
                throw new InvalidOperationException($"{Section}:{client.Key}:Secret is missing.");
            }

            var descriptor = Describe(client.Key, settings);
            if (await manager.FindByClientIdAsync(client.Key, ct) is { } existing)
            {
                await manager.UpdateAsync(existing, descriptor, ct);
            }
            else
            {
                await manager.CreateAsync(descriptor, ct);
            }
        }
    }

    private static OpenIddictApplicationDescriptor Describe(string clientId, ClientSettings settings)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = settings.Secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = string.IsNullOrWhiteSpace(settings.DisplayName) ? clientId : settings.DisplayName,
            Permissions = { Permissions.Endpoints.Token, Permissions.Prefixes.Scope + ApiScope },
        };

        if (settings.Roles.Count > 0)
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
            descriptor.Properties[RolesProperty] = JsonSerializer.SerializeToElement(settings.Roles);
            descriptor.Properties[CallerNamesHolderProperty] = JsonSerializer.SerializeToElement(settings.CallerNamesHolder);
        }

        if (settings.RedirectUris.Count > 0)
        {
            descriptor.Permissions.UnionWith([
                Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Scopes.Roles,
            ]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            descriptor.RedirectUris.UnionWith(settings.RedirectUris);
            descriptor.PostLogoutRedirectUris.UnionWith(settings.PostLogoutRedirectUris);
        }

        return descriptor;
    }
}
