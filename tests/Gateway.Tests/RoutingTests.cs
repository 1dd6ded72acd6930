using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Nacka.Testing;
using Xunit;

namespace Nacka.Gateway.Tests;

public sealed class RoutingTests(RecordingBackends backends) : IClassFixture<RecordingBackends>
{
    private HttpClient Gateway(string? portal = null) =>
        backends.Gateway(("Portal:Address", portal ?? "")).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task The_root_sends_a_browser_to_the_portal_and_without_one_says_where_the_api_is()
    {
        var ct = TestContext.Current.CancellationToken;
        using var withPortal = Gateway(portal: "https://portal.example/");
        using var withoutPortal = Gateway();

        using var redirect = await withPortal.GetAsync("/", ct);
        using var notFound = await withoutPortal.GetAsync("/", ct);

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("https://portal.example/", redirect.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("application/problem+json", notFound.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/api", await notFound.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/units", "units", "/api/units")]
    [InlineData("/api/units/3f2a?asOf=2026-01-01", "units", "/api/units/3f2a?asOf=2026-01-01")]
    [InlineData("/api/directors/7/units", "units", "/api/directors/7/units")]
    [InlineData("/api/mandates/42", "mandates", "/api/mandates/42")]
    [InlineData("/api/committees", "committees", "/api/committees")]
    [InlineData("/api/assignments/9/history", "committees", "/api/assignments/9/history")]
    [InlineData("/api/processes/1", "processes", "/api/processes/1")]
    public async Task Routes_each_api_prefix_to_the_service_that_owns_it(string path, string service, string forwardedPath)
    {
        using var client = Gateway();

        var received = await client.GetFromJsonAsync<Received>(path, TestContext.Current.CancellationToken);

        Assert.Equal(new Received(service, forwardedPath), received! with { TraceParent = null });
    }

    [Theory]
    [InlineData("units")]
    [InlineData("processes")]
    [InlineData("committees")]
    [InlineData("mandates")]
    public async Task Exposes_each_services_health_under_health_slash_service(string service)
    {
        using var client = Gateway();

        var received = await client.GetFromJsonAsync<Received>($"/health/{service}", TestContext.Current.CancellationToken);

        Assert.Equal(new Received(service, "/health"), received! with { TraceParent = null });
    }

    [Theory]
    [InlineData("units")]
    [InlineData("mandates")]
    public async Task Exposes_each_services_replay_feed_under_events_slash_service(string service)
    {
        using var client = Gateway();

        var received = await client.GetFromJsonAsync<Received>($"/events/{service}?after=40&limit=10", TestContext.Current.CancellationToken);

        Assert.Equal(new Received(service, "/events?after=40&limit=10"), received! with { TraceParent = null });
    }

    [Fact]
    public async Task Reports_its_own_health()
    {
        using var client = Gateway();

        var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_paths_no_service_owns_with_404_problem_details()
    {
        using var client = Gateway();

        var response = await client.GetAsync("/api/departments/1", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("POST", "/api/units")]
    [InlineData("PUT", "/api/units/1/details")]
    [InlineData("POST", "/api/mandates")]
    [InlineData("DELETE", "/api/processes/1")]
    public async Task A_write_without_a_valid_token_is_refused_at_the_edge_and_never_reaches_a_service(string method, string path)
    {
        using var client = Gateway();
        using var forged = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { name = "x" }) };
        forged.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");

        using var anonymous = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method),
            path) { Content = JsonContent.Create(new { name = "x" }) }, TestContext.Current.CancellationToken);
        using var invalid = await client.SendAsync(forged, TestContext.Current.CancellationToken);

        foreach (var response in new[] { anonymous, invalid })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("\"service\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/api/units", TestTokens.KsSecretariat, HttpStatusCode.Forbidden)]
    [InlineData("/api/mandates", TestTokens.Registrar, HttpStatusCode.Forbidden)]
    [InlineData("/api/units", TestTokens.Registrar, HttpStatusCode.OK)]
    [InlineData("/api/mandates", TestTokens.KsSecretariat, HttpStatusCode.OK)]
    public async Task A_write_passes_the_edge_only_with_the_role_its_service_requires(string path, string role, HttpStatusCode expected)
    {
        using var client = Gateway().As("Karin Lund", role);

        using var response = await client.PostAsJsonAsync(path, new { name = "x" }, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }
}
