using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nacka.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Nacka.EndToEnd.Tests;

/// <summary>
/// Tokens on the production path: the services and the gateway validate through
/// <c>Authentication:Jwt:Authority</c>, the local identity provider, as they would Entra ID.
/// A machine client's token writes; a token from another issuer, an expired one, one for another
/// audience do not; a new signing key at the provider is picked up without restarting the services.
/// </summary>
[Collection(nameof(RunningSystemCollection))]
public sealed class SignInTokenTests(RunningSystem system)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Uri Provider => system.App.GetEndpoint("identity", "http");

    private string KeysDirectory => Path.Combine(system.DataDirectory, "identity", "keys");

    [Fact]
    public async Task A_client_credentials_token_from_the_provider_writes_through_the_gateway_and_foreign_expired_or_misaddressed_tokens_are_401()
    {
        var token = await system.TokenAsync("Ekonomisystemet", "registrar");
        Assert.Equal(HttpStatusCode.Created, await CreateDirectorAsync(token));

        var issuer = await IssuerAsync();
        var (keyId, key) = NewestProviderKey();
        // Control: the provider's own key, issuer and audience, valid now — accepted, so each refusal below is for its one difference.
        Assert.Equal(HttpStatusCode.Created, await CreateDirectorAsync(Sign(key, keyId, issuer, "urn:nacka:org:api", DateTime.UtcNow.AddMinutes(5))));

        Assert.Equal(HttpStatusCode.Unauthorized, await CreateDirectorAsync(Sign(key, keyId, issuer, "urn:nacka:org:api", DateTime.UtcNow.AddMinutes(-10))));
        Assert.Equal(HttpStatusCode.Unauthorized, await CreateDirectorAsync(Sign(key, keyId, issuer, "urn:someone:else", DateTime.UtcNow.AddMinutes(5))));
        Assert.Equal(HttpStatusCode.Unauthorized, await CreateDirectorAsync(Sign(key, keyId, "https://login.example.org/", "urn:nacka:org:api",
            DateTime.UtcNow.AddMinutes(5))));
        using var foreign = RSA.Create(2048);
        Assert.Equal(HttpStatusCode.Unauthorized, await CreateDirectorAsync(Sign(new RsaSecurityKey(foreign), keyId, issuer, "urn:nacka:org:api",
            DateTime.UtcNow.AddMinutes(5))));
        // The old shared-secret tokens are gone from the running system.
        Assert.Equal(HttpStatusCode.Unauthorized,
            await CreateDirectorAsync(Nacka.DevTokens.DevelopmentTokens.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "Gammal",
                ["registrar"])));
    }

    [Fact]
    public async Task A_signing_key_rotated_at_the_provider_is_accepted_by_the_services_without_a_restart()
    {
        Assert.Equal(HttpStatusCode.Created, await CreateDirectorAsync(await system.TokenAsync("Före rotation", "registrar")));
        var before = (await NewTokenAsync()).Kid;
        // The workspace signs someone in first, so it holds the provider's keys as they were.
        await using var chromium = await HeadlessChromium.LaunchAsync();
        BrowserNewContextOptions Workspace() => new() { BaseURL = system.App.GetEndpoint("portal", "http").ToString(), Locale = "sv-SE" };
        await system.SignedInPageAsync(await chromium.Browser.NewContextAsync(Workspace()), "registrar");

        // Rotation as docs/identity.md describes it: a newer key file, the provider restarted (the services are not).
        using (var rsa = RSA.Create(2048))
        {
            var file = Path.Combine(KeysDirectory, $"signing-{DateTime.UtcNow.AddSeconds(5):yyyyMMddTHHmmss}.pem");
            await File.WriteAllTextAsync(file, rsa.ExportPkcs8PrivateKeyPem(), Ct);
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromMinutes(3));
        await system.KillAsync("identity", limit.Token);
        await system.App.ResourceCommands.ExecuteCommandAsync("identity", KnownResourceCommands.StartCommand, limit.Token);
        await system.App.ResourceNotifications.WaitForResourceHealthyAsync("identity", limit.Token);

        var rotated = await NewTokenAsync();
        Assert.NotEqual(before, rotated.Kid);
        // The first request each service sees with the new key id is accepted: it fetches the provider's keys at once
        // (FreshSigningKeys) instead of refusing that request while JwtBearer refreshes in the background.
        Assert.Equal(HttpStatusCode.Created, await CreateDirectorAsync(rotated.Token));
        var both = await system.TokenAsync("Rotation", "registrar", "ks-secretariat");
        foreach (var path in new[] { "/api/committees", "/api/assignments", "/api/processes", "/api/mandates" })
        {
            Assert.NotEqual(HttpStatusCode.Unauthorized, await StatusOfEmptyWriteAsync(path, both));
        }

        // And the workspace: the first sign-in after the rotation gets an identity token signed with the new key, and gets in.
        await system.SignedInPageAsync(await chromium.Browser.NewContextAsync(Workspace()), "registrar");
    }

    private async Task<(string Token, string Kid)> NewTokenAsync()
    {
        var token = await system.TokenAsync("Rotation", "registrar");
        return (token, new JsonWebToken(token).Kid);
    }

    /// <summary>An empty write: refused for its body (4xx, not 401) once the token is accepted; nothing is written.</summary>
    private async Task<HttpStatusCode> StatusOfEmptyWriteAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await system.Gateway.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> CreateDirectorAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/directors")
        {
            Content = JsonContent.Create(new { title = $"Tokendirektör {Guid.NewGuid():N}", createdOn = "2026-01-01" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await system.Gateway.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private async Task<string> IssuerAsync()
    {
        using var http = new HttpClient { BaseAddress = Provider };
        return JsonNode.Parse(await http.GetStringAsync("/.well-known/openid-configuration", Ct))!["issuer"]!.GetValue<string>();
    }

    private (string KeyId, RsaSecurityKey Key) NewestProviderKey()
    {
        var file = Directory.GetFiles(KeysDirectory, "signing-*.pem").OrderDescending(StringComparer.Ordinal).First();
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(file));
        return (Path.GetFileNameWithoutExtension(file), new RsaSecurityKey(rsa));
    }

    private static string Sign(RsaSecurityKey key, string keyId, string issuer, string audience, DateTime expires)
    {
        key.KeyId = keyId;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "test"), new Claim("name", "Handsignerad"), new Claim("roles", "registrar")]),
            IssuedAt = expires.AddMinutes(-30),
            NotBefore = expires.AddMinutes(-30),
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }
}
