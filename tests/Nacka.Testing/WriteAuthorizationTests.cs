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
}
