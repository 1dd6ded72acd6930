using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// After the provider rotates its signing key, the first token signed with the new key names a key id
/// the service has not seen. JwtBearer then asks its configuration manager for a refresh, which runs in
/// the background, and refuses that request (401). Here the keys are fetched at once and the same token
/// validated again with the same parameters, so no request is refused for a rotation. At most one fetch
/// per <see cref="MinimumInterval"/> (requests meanwhile share it): tokens with made-up key ids cannot make
/// the service hammer the provider. Kept short, so a bogus token just before a rotation does not hide the new key.
/// </summary>
public sealed class FreshSigningKeys(TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, OpenIdConnectConfiguration Configuration)? _last;

    /// <summary>The <see cref="JwtBearerEvents.OnAuthenticationFailed"/> step: a token whose key was not found is validated once more against fresh
    /// keys.</summary>
    public static async Task RetryWithFreshKeysAsync(AuthenticationFailedContext context)
    {
        var options = context.Options;
        if (context.Exception is not SecurityTokenSignatureKeyNotFoundException || string.IsNullOrEmpty(options.MetadataAddress)
            || !context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var token = context.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var keys = context.HttpContext.RequestServices.GetRequiredService<FreshSigningKeys>();
        var configuration = await keys.GetAsync(options.MetadataAddress, options.Backchannel, options.RequireHttpsMetadata, context.HttpContext.RequestAborted);
        var parameters = options.TokenValidationParameters.Clone();
        parameters.ConfigurationManager = null;
        parameters.IssuerSigningKeys = configuration.SigningKeys;
        if (string.IsNullOrEmpty(parameters.ValidIssuer) && parameters.ValidIssuers is null)
        {
            parameters.ValidIssuer = configuration.Issuer;
        }

        foreach (var handler in options.TokenHandlers)
        {
            var result = await handler.ValidateTokenAsync(token, parameters);
            if (result.IsValid)
            {
                context.Principal = new ClaimsPrincipal(result.ClaimsIdentity);
                context.Success();
                // JwtBearer's own background refresh, already requested, brings the new keys to the requests after this one.
                return;
            }
        }
    }

    /// <summary>
    /// For a handler that can only resolve keys synchronously (the OpenID Connect handler validating an identity token): the keys
    /// it has when one matches <paramref name="kid"/>, else the provider's keys fetched now (rare: once per rotation, rate-limited).
    /// </summary>
    public IEnumerable<SecurityKey> Resolve(string? kid, IEnumerable<SecurityKey>? known, string metadataAddress, HttpClient backchannel, bool requireHttps)
    {
        var keys = known?.ToList() ?? [];
        if (kid is null || keys.Any(k => k.KeyId == kid))
        {
            return keys;
        }

        // Blocking is acceptable here: it happens only for a key id never seen, at most once per MinimumInterval.
        return GetAsync(metadataAddress, backchannel, requireHttps, CancellationToken.None).GetAwaiter().GetResult().SigningKeys;
    }

    public void Dispose() => _gate.Dispose();

    private async Task<OpenIdConnectConfiguration> GetAsync(string metadataAddress, HttpClient backchannel, bool requireHttps, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            if (_last is { } last && now - last.At < MinimumInterval)
            {
                return last.Configuration;
            }

            var retriever = new HttpDocumentRetriever(backchannel) { RequireHttps = requireHttps };
            var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(metadataAddress, retriever, ct);
            _last = (now, configuration);
            return configuration;
        }
        finally
        {
            _gate.Release();
        }
    }
}
