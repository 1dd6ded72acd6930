using Microsoft.Extensions.Configuration;
using Nacka.DevTokens;

namespace Nacka.AppHost.Infrastructure;

/// <summary>
/// How every process validates bearer tokens. With <c>Authentication:Jwt:Authority</c> set (Entra
/// ID, Keycloak), that identity provider issues them; otherwise the AppHost generates a signing
/// key once, kept as <c>.local/auth/signing.key</c> beside the local data (so <c>./build.sh token</c>
/// can sign with it) and handed to the services as a secret parameter.
/// </summary>
internal static class TokenSettings
{
    public static IResourceBuilder<T> WithTokenValidation<T>(this IResourceBuilder<T> resource, IDistributedApplicationBuilder builder)
        where T : IResourceWithEnvironment
    {
        var settings = builder.Configuration.GetSection("Authentication:Jwt");
        if (settings["Authority"] is { Length: > 0 } authority)
        {
            return resource
                .WithEnvironment("Authentication__Jwt__Authority", authority)
                .WithEnvironment("Authentication__Jwt__Issuer", settings["Issuer"] ?? authority)
                .WithEnvironment("Authentication__Jwt__Audience", settings["Audience"] ?? DevelopmentTokens.Audience)
                .WithEnvironment("Authentication__Jwt__RoleClaimType", settings["RoleClaimType"] ?? "roles");
        }

        return resource
            .WithEnvironment("Authentication__Jwt__Issuer", DevelopmentTokens.Issuer)
            .WithEnvironment("Authentication__Jwt__Audience", DevelopmentTokens.Audience)
            .WithEnvironment("Authentication__Jwt__SigningKey", SigningKey(builder));
    }

    private const string SigningKeyParameter = "jwt-signing-key";

    /// <summary>The key parameter, added by the first resource that needs it and shared by the others.</summary>
    private static IResourceBuilder<ParameterResource> SigningKey(IDistributedApplicationBuilder builder)
    {
        if (builder.Resources.OfType<ParameterResource>().FirstOrDefault(p => p.Name == SigningKeyParameter) is { } existing)
        {
            return builder.CreateResourceBuilder(existing);
        }

        var dataRoot = Path.GetFullPath(builder.Configuration["Infrastructure:Local:DataDirectory"] ?? Path.Combine(builder.AppHostDirectory, "..", ".local"));
        var key = DevelopmentTokens.ReadOrCreateKey(DevelopmentTokens.KeyFile(dataRoot));
        return builder.AddParameter(SigningKeyParameter, key, publishValueAsDefault: false, secret: true);
    }
}
