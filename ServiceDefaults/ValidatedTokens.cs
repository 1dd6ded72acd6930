using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Bearer tokens this program has validated, so a client sending the same token with every request (as every client does, for up
/// to an hour) has its signature checked once rather than on every request: checking an RS256 signature cost more CPU than the
/// rest of a unit read (docs/benchmarks.md). A token is served from here, keyed by its whole text, only until it runs out (its
/// <c>exp</c>, without the clock skew validation allows) and at most <see cref="LongestKept"/> after it was validated; after that
/// it is validated again in full — so a signing key the provider withdraws stops being accepted at most that much later than
/// without this (and the services' key refresh, which brings the withdrawal, is slower than that anyway).
/// Anything not validated (a token that failed, one never seen) is never served from here.
/// </summary>
public sealed class ValidatedTokens(TimeProvider clock)
{
    /// <summary>How long a validated token is kept at most.</summary>
    public static readonly TimeSpan LongestKept = TimeSpan.FromMinutes(1);

    /// <summary>Tokens kept at most; when full, everything is forgotten (a burst of distinct tokens costs only their own validations).</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Validated> _tokens = new(StringComparer.Ordinal);

    private sealed record Validated(ClaimsPrincipal Principal, DateTimeOffset Until);

    /// <summary>The <see cref="JwtBearerEvents.OnMessageReceived"/> step: a token validated before, and still valid, is accepted as it was then.</summary>
    public static Task ServeKnownAsync(MessageReceivedContext context)
    {
        if (BearerToken(context.Request.Headers.Authorization.ToString()) is { } token
            && context.HttpContext.RequestServices.GetRequiredService<ValidatedTokens>().TryGet(token) is { } principal)
        {
            context.Principal = principal;
            context.Success();
        }

        return Task.CompletedTask;
    }

    /// <summary>The <see cref="JwtBearerEvents.OnTokenValidated"/> step: remembers the token just validated.</summary>
    public static Task RememberAsync(TokenValidatedContext context)
    {
        if (context.SecurityToken is JsonWebToken { EncodedToken: { } token } jwt && context.Principal is { } principal)
        {
            context.HttpContext.RequestServices.GetRequiredService<ValidatedTokens>().Add(token, principal, jwt.ValidTo);
        }

        return Task.CompletedTask;
    }

    /// <summary>The principal <paramref name="token"/> was validated as, a copy of its own; null when not validated or no longer valid.</summary>
    public ClaimsPrincipal? TryGet(string token)
    {
        if (!_tokens.TryGetValue(token, out var validated))
        {
            return null;
        }

        if (clock.GetUtcNow() >= validated.Until)
        {
            _tokens.TryRemove(KeyValuePair.Create(token, validated));
            return null;
        }

        return validated.Principal.Clone();
    }

    /// <summary>
    /// Remembers <paramref name="token"/>, validated just now as <paramref name="principal"/>, until it runs out (<paramref name="validTo"/>, UTC).
    /// </summary>
    public void Add(string token, ClaimsPrincipal principal, DateTime validTo)
    {
        var now = clock.GetUtcNow();
        var until = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc));
        if (validTo == DateTime.MinValue || until <= now)
        {
            return;
        }

        if (_tokens.Count >= Capacity)
        {
            _tokens.Clear();
        }

        _tokens[token] = new Validated(principal.Clone(), until < now + LongestKept ? until : now + LongestKept);
    }

    private static string? BearerToken(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization["Bearer ".Length..].Trim() is { Length: > 0 } token
            ? token
            : null;
}
