using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Settings under <c>Authentication:Jwt</c>. Tokens come from an OpenID Connect provider named by
/// <see cref="Authority"/> — the register's own identity service locally and by default, Entra ID
/// or a Keycloak realm in production — whose issuer and signing keys are read from its metadata.
/// A symmetric <see cref="SigningKey"/> (with an <see cref="Issuer"/>) remains for the services'
/// own tests, which start no provider.
/// </summary>
public sealed class TokenValidationOptions : IValidatableObject
{
    public const string Section = "Authentication:Jwt";

    /// <summary>The issuer tokens must name; with an <see cref="Authority"/> and none given, the provider's own (from its metadata).</summary>
    public string? Issuer { get; set; }

    [Required]
    public string Audience { get; set; } = "";

    /// <summary>OpenID Connect authority, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c> or a Keycloak realm URL.</summary>
    public string? Authority { get; set; }

    /// <summary>Base64 symmetric key (HS256), for local runs and tests; at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// How soon a token signed with a key id not yet seen makes the service fetch the provider's
    /// keys again (a key rotation is picked up without a restart; at most once per interval).
    /// </summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after a token runs out it is still accepted, for clocks that differ: 30 seconds (JwtBearer's own default is 5
    /// minutes, which would let a sign-in the provider has ended — a locked account, a revoked session — write for that long).
    /// </summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The claim holding roles: <c>roles</c> for Entra ID; map Keycloak's realm roles to it.</summary>
    public string RoleClaimType { get; set; } = "roles";

    /// <summary>The claim recorded in history as who made a change.</summary>
    public string NameClaimType { get; set; } = "name";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Authority) && string.IsNullOrWhiteSpace(SigningKey))
        {
            yield return new ValidationResult($"Set {Section}:Authority (an identity provider) or {Section}:SigningKey (base64, local runs).");
        }

        if (string.IsNullOrWhiteSpace(Authority) && string.IsNullOrWhiteSpace(Issuer))
        {
            yield return new ValidationResult($"Set {Section}:Issuer: tokens signed with {Section}:SigningKey must name it.");
        }

        if (!string.IsNullOrWhiteSpace(SigningKey) && (!TryDecode(SigningKey, out var key) || key.Length < 32))
        {
            yield return new ValidationResult($"{Section}:SigningKey must be base64 of at least 32 bytes.");
        }
    }

    internal static bool TryDecode(string value, out byte[] key)
    {
        key = new byte[value.Length];
        return Convert.TryFromBase64String(value, key, out var written) && (key = key[..written]).Length > 0;
    }
}

/// <summary>The platform's roles: who may write what. Reads are public.</summary>
public static class NackaRoles
{
    /// <summary>Registrars record units, directors, committees, assignments and processes.</summary>
    public const string Registrar = "registrar";

    /// <summary>The KS secretariat records mandates (KS decisions).</summary>
    public const string KsSecretariat = "ks-secretariat";

    /// <summary>Administrators manage who may sign in and with which role.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Registrar, KsSecretariat, Admin];
}

public static class TokenValidationExtensions
{
    /// <summary>JWT bearer validation with issuer, audience and keys from configuration, validated at start.</summary>
    public static IHostApplicationBuilder AddTokenValidation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TokenValidationOptions>().BindConfiguration(TokenValidationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FreshSigningKeys>();
        builder.Services.AddSingleton<ValidatedTokens>();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<TokenValidationOptions>>((jwt, settings) =>
        {
            var options = settings.Value;
            jwt.MapInboundClaims = false;
            jwt.Authority = string.IsNullOrWhiteSpace(options.Authority) ? null : options.Authority;
            jwt.RequireHttpsMetadata = jwt.Authority?.StartsWith("https://", StringComparison.Ordinal) ?? false;
            jwt.RefreshInterval = options.KeyRefreshInterval;
            jwt.Events = new JwtBearerEvents
            {
                OnMessageReceived = ValidatedTokens.ServeKnownAsync,
                OnTokenValidated = ValidatedTokens.RememberAsync,
                OnAuthenticationFailed = FreshSigningKeys.RetryWithFreshKeysAsync,
            };
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = string.IsNullOrWhiteSpace(options.Issuer) ? null : options.Issuer,
                ValidAudience = options.Audience,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ClockSkew = options.ClockSkew,
                ValidateIssuerSigningKey = true,
                RoleClaimType = options.RoleClaimType,
                NameClaimType = options.NameClaimType,
                IssuerSigningKey = !string.IsNullOrWhiteSpace(options.SigningKey) && TokenValidationOptions.TryDecode(options.SigningKey, out var key)
                    ? new SymmetricSecurityKey(key)
                    : null,
            };
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(NackaRoles.Registrar, policy => policy.RequireRole(NackaRoles.Registrar))
            .AddPolicy(NackaRoles.KsSecretariat, policy => policy.RequireRole(NackaRoles.KsSecretariat));
        return builder;
    }

    /// <summary>
    /// Every write (any method but GET, HEAD, OPTIONS) in the group needs a token with
    /// <paramref name="role"/>: 401 without one, 403 with another role. Reads stay public.
    /// </summary>
    public static TBuilder RequireRoleForWrites<TBuilder>(this TBuilder group, string role) where TBuilder : IEndpointConventionBuilder
    {
        group.Add(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
            if (methods.Any(m => m is not ("GET" or "HEAD" or "OPTIONS")))
            {
                endpoint.Metadata.Add(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute(role));
            }
        });
        return group;
    }
}
