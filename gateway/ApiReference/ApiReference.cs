using Nacka.ServiceDefaults.OpenApi;
using Scalar.AspNetCore;

namespace Nacka.Gateway.ApiReference;

/// <summary>
/// The API reference at <c>/docs</c>: the gateway's own document (the composed views, at
/// <c>/openapi/org.json</c>) beside each service's document, proxied from the service at
/// <c>/openapi/&lt;service&gt;.json</c>, in Scalar's interactive reference served from the gateway
/// itself (no CDN, fonts, telemetry or AI agent from outside).
/// </summary>
public static class ApiReference
{
    public const string Path = "/docs";
    public const string OrgDocument = "org";

    /// <summary>The service documents the gateway proxies (ReverseProxy routes <c>&lt;service&gt;-openapi</c>), in the order they are listed.</summary>
    public static readonly (string Name, string Title)[] ServiceDocuments =
        [("units", "Enheter och direktörer (Units)"), ("mandates", "Uppdrag från KS (Mandates)"), ("committees", "Nämnder och uppdrag (Committees)"),
            ("processes", "Processer (Processes)")];

    public static IHostApplicationBuilder AddApiReference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(OrgDocument, options => options.Describe("Nacka organisation: the portal's views",
            "One answer built from every service: a unit, a director, a process, and one search over them all. "
            + "Reads only, no token needed. Every view takes ?asOf=YYYY-MM-DD, carries a strong ETag (If-None-Match gives 304), "
            + "and names any service that could not answer within the bound in `missing` and the X-Nacka-Missing header instead of failing.",
            new Dictionary<Type, object>()));
        return builder;
    }

    public static WebApplication MapApiReference(this WebApplication app)
    {
        // Only the gateway's own document: any other name is routing's 404 Problem Details, not the generator's plain text.
        app.MapOpenApi($"/openapi/{{documentName:regex(^{OrgDocument}$)}}.json");
        app.MapScalarApiReference(Path, options =>
        {
            options.WithTitle("Nacka organisationsregister – API")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools()
                .AddDocument(OrgDocument, "Organisationen (portalens vyer)", $"/openapi/{OrgDocument}.json", isDefault: true);
            foreach (var (name, title) in ServiceDocuments)
            {
                options.AddDocument(name, title, $"/openapi/{name}.json");
            }
        });
        return app;
    }
}
