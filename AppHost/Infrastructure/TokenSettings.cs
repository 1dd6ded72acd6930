using Microsoft.Extensions.Configuration;
using Nacka.DevTokens;

namespace Nacka.AppHost.Infrastructure;

/// <summary>
/// How every process validates bearer tokens: through <c>Authentication:Jwt:Authority</c>, the
/// OpenID Connect provider whose metadata gives the issuer and the signing keys — the local
/// <c>identity</c> service by default, or Entra ID / a Keycloak realm when the AppHost is given
/// one (then also <c>Issuer</c>, <c>Audience</c>, <c>RoleClaimType</c> as that provider issues them).
/// The same path in every mode: a local run tests the production one.
/// </summary>
internal static class TokenSettings
{
    public static IResourceBuilder<T> WithTokenValidation<T>(this IResourceBuilder<T> resource, IDistributedApplicationBuilder builder, LocalIdentity? identity)
        where T : IResourceWithEnvironment
    {
        var settings = builder.Configuration.GetSection("Authentication:Jwt");
        if (settings["ClockSkew"] is { Length: > 0 } skew)
        {
            resource.WithEnvironment("Authentication__Jwt__ClockSkew", skew); // the end-to-end tests narrow it to see a sign-in run out
        }

        if (identity is null)
        {
            var authority = settings["Authority"]!;
            return resource
                .WithEnvironment("Authentication__Jwt__Authority", authority)
                .WithEnvironment("Authentication__Jwt__Issuer", settings["Issuer"] ?? authority)
                .WithEnvironment("Authentication__Jwt__Audience", settings["Audience"] ?? DevelopmentTokens.Audience)
                .WithEnvironment("Authentication__Jwt__RoleClaimType", settings["RoleClaimType"] ?? "roles");
        }

        // The issuer is the provider's own, read from its metadata with its keys.
        return resource
            .WithEnvironment("Authentication__Jwt__Authority", identity.Provider.GetEndpoint("http"))
            .WithEnvironment("Authentication__Jwt__Audience", DevelopmentTokens.Audience);
    }
}
