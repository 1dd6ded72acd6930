using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Nacka.Testing;
using Xunit;

namespace Nacka.Gateway.Tests;

/// <summary>Anonymous callers are rate-limited with a clear 429, callers with a token are not, and every answer carries security headers.</summary>
public sealed class EdgeProtectionTests(RecordingBackends backends) : IClassFixture<RecordingBackends>
{
    private WebApplicationFactory<Program> Gateway(int permits) =>
        backends.Gateway(("Edge:AnonymousPermits", permits.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Edge:Window", "00:01:00"));

    [Fact]
    public async Task An_anonymous_caller_past_the_limit_gets_429_with_Retry_After_while_a_caller_with_a_token_goes_on()
    {
        await using var gateway = Gateway(permits: 3);
        using var anonymous = gateway.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/units", TestContext.Current.CancellationToken)).StatusCode);
        }

        using var limited = await anonymous.GetAsync("/api/units", TestContext.Current.CancellationToken);
        await Answers.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(limited.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);

        using var registrar = gateway.CreateClient().As("Karin Lund", TestTokens.Registrar);
        Assert.Equal(HttpStatusCode.OK, (await registrar.GetAsync("/api/units", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_before_it_reaches_a_service()
    {
        await using var gateway = Gateway(permits: 100);
        using var client = gateway.CreateClient().As("Karin Lund", TestTokens.Registrar);
        using var body = new StringContent("{\"name\":\"" + new string('a', 300 * 1024) + "\"}", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/units", body, TestContext.Current.CancellationToken);

        // The unread body ends the connection: the answer says so, so a client does not reuse it.
        Assert.True(response.Headers.ConnectionClose, "413 without Connection: close");
        await Answers.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("https://evil.example", false)]
    public async Task Browsers_may_call_the_API_only_from_the_portals_origin(string origin, bool allowed)
    {
        await using var gateway = Gateway(permits: 100);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/units");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");

        using var response = await gateway.CreateClient().SendAsync(preflight, TestContext.Current.CancellationToken);

        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
    }

    [Fact]
    public async Task Every_answer_carries_security_headers()
    {
        await using var gateway = Gateway(permits: 100);
        using var response = await gateway.CreateClient().GetAsync("/api/units", TestContext.Current.CancellationToken);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
