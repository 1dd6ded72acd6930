using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace Nacka.Gateway.Tests;

public sealed class RoutingTests(RecordingBackends backends) : IClassFixture<RecordingBackends>
{
    private HttpClient Gateway()
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (service, address) in backends.Addresses)
            {
                web.UseSetting($"ReverseProxy:Clusters:{service}:Destinations:primary:Address", address);
            }
        });
        return factory.CreateClient();
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

        Assert.Equal(new Received(service, forwardedPath), received);
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

        Assert.Equal(new Received(service, "/health"), received);
    }

    [Theory]
    [InlineData("units")]
    [InlineData("mandates")]
    public async Task Exposes_each_services_replay_feed_under_events_slash_service(string service)
    {
        using var client = Gateway();

        var received = await client.GetFromJsonAsync<Received>($"/events/{service}?after=40&limit=10", TestContext.Current.CancellationToken);

        Assert.Equal(new Received(service, "/events?after=40&limit=10"), received);
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
}
