using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Nacka.Testing;

/// <summary>A service's routes as it maps them, so the kits cover a new route the day it is added.</summary>
public static class ServiceRoutes
{
    /// <summary>A mapped route: its method, its pattern (<c>/api/units/{id:guid}/rename</c>) and a path to call it by.</summary>
    public sealed record Route(string Method, string Pattern, string Path)
    {
        public bool IsWrite => Method is not ("GET" or "HEAD" or "OPTIONS");

        public override string ToString() => $"{Method} {Pattern}";
    }

    public static IReadOnlyList<Route> Of(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new Route(m, e.RoutePattern.RawText ?? "", Fill(e.RoutePattern.RawText ?? ""))))
            .Distinct()];

    /// <summary>A path for a pattern: a new GUID for each <c>{id:guid}</c>, <c>x</c> for any other parameter.</summary>
    private static string Fill(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{\*?\*?([^}:]+)(:[^}]*)?\}", m =>
            m.Groups[2].Value.Contains("guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : "x");
}
