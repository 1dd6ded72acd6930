using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Nacka.Testing;
using Xunit;

namespace Nacka.Gateway.Tests;

/// <summary>
/// <c>Telemetry:ReadTraceRatio</c> through the real gateway: what it tells the service behind in the trace context it forwards (the
/// service keeps or drops its part on that flag, parent-based). Reads are kept at the ratio, every write is kept, and a caller's own
/// decision stands.
/// </summary>
public sealed class TraceSamplingTests(RecordingBackends backends) : IClassFixture<RecordingBackends>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WebApplicationFactory<Program> Gateway(string ratio) => backends.Gateway(("Telemetry:ReadTraceRatio", ratio));

    /// <summary>The last two characters of a <c>traceparent</c>: 01 when the trace is kept, 00 when it is not.</summary>
    private static string Flags(Received? received) => received!.TraceParent![^2..];

    [Fact]
    public async Task With_no_reads_kept_a_read_is_forwarded_unsampled_and_a_write_sampled()
    {
        await using var gateway = Gateway("0");
        using var client = gateway.CreateClient().As("Karin Lund", TestTokens.Registrar);

        var read = await client.GetFromJsonAsync<Received>("/api/units", Ct);
        using var written = await client.PostAsJsonAsync("/api/units", new { name = "Ny enhet" }, Ct);

        Assert.Equal("00", Flags(read));
        Assert.Equal("01", Flags(await written.Content.ReadFromJsonAsync<Received>(Ct)));
    }

    [Fact]
    public async Task A_callers_kept_trace_stays_kept_whatever_the_ratio()
    {
        await using var gateway = Gateway("0");
        using var client = gateway.CreateClient();
        const string traceId = "0af7651916cd43dd8448eb211c80319c";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/units");
        request.Headers.Add("traceparent", $"00-{traceId}-b7ad6b7169203331-01");

        using var response = await client.SendAsync(request, Ct);
        var received = await response.Content.ReadFromJsonAsync<Received>(Ct);

        Assert.Equal(("01", traceId), (Flags(received), received!.TraceParent!.Split('-')[1]));
    }

    [Fact]
    public async Task By_default_every_read_is_kept_and_a_ratio_outside_0_to_1_stops_the_start()
    {
        await using (var gateway = Gateway("1"))
        {
            Assert.Equal("01", Flags(await gateway.CreateClient().GetFromJsonAsync<Received>("/api/units", Ct)));
        }

        await using var wrong = Gateway("1.5");
        var refused = Assert.Throws<InvalidOperationException>(() => wrong.CreateClient());
        Assert.Contains("Telemetry:ReadTraceRatio", refused.Message, StringComparison.Ordinal);
    }
}
