using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Nacka.Testing;

/// <summary>
/// Every write route of a service (any method but GET/HEAD/OPTIONS) answers 401 without a token
/// or with a forged one, and 403 with a valid token of the wrong role, before anything is bound or
/// written. Found from the service's own endpoints, so a new write route is covered the day it is
/// mapped. Each service with writes derives from this once.
/// </summary>
public abstract class WriteAuthorizationTests<TProgram>(TestInfrastructure infrastructure, string databaseConnectionName)
    where TProgram : class
{
    /// <summary>The role this service's writes need.</summary>
    protected abstract string WriteRole { get; }

    [Fact]
    public async Task Every_write_route_answers_401_without_a_valid_token_and_403_with_the_wrong_role()
    {
        await using var service = new ServiceFactory<TProgram>(infrastructure, databaseConnectionName);
        using var client = service.CreateClient();
        var writes = ServiceRoutes.Of(service.Services).Where(r => r.IsWrite).ToList();
        Assert.NotEmpty(writes);
        var wrongRole = WriteRole == TestTokens.Registrar ? TestTokens.KsSecretariat : TestTokens.Registrar;

        var failures = new List<string>();
        foreach (var (method, _, path) in writes)
        {
            foreach (var (token, expected) in new[]
            {
                ((string?)null, HttpStatusCode.Unauthorized),
                ("forged." + TestTokens.Create("Mallory", WriteRole)[7..], HttpStatusCode.Unauthorized),
                (TestTokens.Create("Someone Else", wrongRole), HttpStatusCode.Forbidden),
            })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { name = "x", reason = "y" }) };
                if (token is not null)
                {
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                }

                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                if (response.StatusCode != expected || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{method} {path} with {(token is null ? "no token" : expected == HttpStatusCode.Forbidden ? wrongRole : "a forged token")}: "
                        + $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}, expected {(int)expected} Problem Details");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// A token is validated once and then served from <c>ValidatedTokens</c>: the cache must not outlive the token, nor serve a token
    /// that differs from the one validated.
    /// </summary>
    [Fact]
    public async Task A_token_accepted_once_is_refused_when_altered_and_once_it_has_run_out()
    {
        await using var service = new ServiceFactory<TProgram>(infrastructure, databaseConnectionName,
            configure: web => web.UseSetting("Authentication:Jwt:ClockSkew", "00:00:00"));
        using var client = service.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        (await client.GetAsync("/alive", ct)).EnsureSuccessStatusCode();
        var (method, _, path) = ServiceRoutes.Of(service.Services).First(r => r.IsWrite);
        var lifetime = TimeSpan.FromSeconds(4);
        var token = Nacka.DevTokens.DevelopmentTokens.Create(TestTokens.SigningKey, "Kortlivad", [WriteRole], lifetime);
        var runsOut = DateTimeOffset.UtcNow + lifetime;

        async Task<HttpStatusCode> SendAsync(string bearer)
        {
            // An empty body: a write accepted at the door answers 400 or 422 and changes nothing.
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
            using var response = await client.SendAsync(request, ct);
            return response.StatusCode;
        }

        Assert.NotEqual(HttpStatusCode.Unauthorized, await SendAsync(token));
        Assert.NotEqual(HttpStatusCode.Unauthorized, await SendAsync(token));
        // One character of the signature changed (not its last, whose low bits base64 may ignore).
        var at = token.Length - 10;
        var altered = token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..];
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(altered));

        await Task.Delay(runsOut - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(token));
    }
}
