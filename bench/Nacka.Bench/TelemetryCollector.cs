using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Nacka.Bench;

/// <summary>
/// Where the programs under the bench send their traces, metrics and logs (OTLP over HTTP): it
/// accepts every export and keeps only the count of bytes. So each program pays what it pays beside
/// a deployment's collector (recording, serialising, sending) and nothing for exports that fail,
/// and the bench can say how much telemetry a write makes.
/// </summary>
public sealed class TelemetryCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _bytes;

    private TelemetryCollector(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>OTLP bytes received so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public static async Task<TelemetryCollector> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var collector = new TelemetryCollector(app) { Address = new Uri($"http://127.0.0.1:{port}") };
        // An empty protobuf body is a valid Export*ServiceResponse: everything accepted.
        app.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer)) > 0)
            {
                Interlocked.Add(ref collector._bytes, read);
            }

            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return collector;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
