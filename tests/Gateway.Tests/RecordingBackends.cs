using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nacka.Testing;
using Xunit;

namespace Nacka.Gateway.Tests;

/// <summary>
/// Four real HTTP servers on loopback standing in for the services' addresses. Each answers with
/// its own name, the path it received and the trace context it was sent (<c>traceparent</c>), so a test
/// sees exactly where the gateway sent a request, how it rewrote it and whether its trace is kept.
/// (The end-to-end tests route to the real services.)
/// </summary>
public sealed class RecordingBackends : IAsyncLifetime
{
    public static readonly string[] Services = ["units", "processes", "committees", "mandates"];
    private readonly List<WebApplication> _apps = [];

    public Dictionary<string, string> Addresses { get; } = [];

    /// <summary>The real gateway routing to these servers, validating test tokens, with <paramref name="settings"/> (key, value) on top.</summary>
    public WebApplicationFactory<Program> Gateway(params (string Key, string Value)[] settings) => new WebApplicationFactory<Program>()
        .WithWebHostBuilder(web =>
        {
            web.UseTestTokenValidation();
            foreach (var (service, address) in Addresses)
            {
                web.UseSetting($"ReverseProxy:Clusters:{service}:Destinations:primary:Address", address);
            }

            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });

    public async ValueTask InitializeAsync()
    {
        foreach (var service in Services)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(context => context.Response.WriteAsJsonAsync(new Received(service, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.TraceParent.ToString())));
            await app.StartAsync();
            _apps.Add(app);
            Addresses[service] = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }
}

public sealed record Received(string Service, string Path, string? TraceParent = null);
