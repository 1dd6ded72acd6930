namespace Nacka.Gateway;

/// <summary>
/// The gateway's address for people: <c>/</c> sends the browser on to the portal (<c>Portal:Address</c>), which has the
/// read pages and the workspace, so links to http://localhost:5080/ and the README stay right. A redirect rather than a
/// proxy: the portal's pages link to its own paths and its sign-in comes back to its own address. The old hash links
/// (<c>/#/enhet/{id}</c>) keep their fragment across the redirect and the portal's start page turns them into its pages.
/// </summary>
public static class Portal
{
    public static WebApplication MapPortalRedirect(this WebApplication app)
    {
        var portal = app.Configuration["Portal:Address"];
        app.MapGet("/", () => string.IsNullOrWhiteSpace(portal)
                ? Results.Problem("No portal is configured for this gateway (Portal:Address); the API is under /api and its reference at /docs.",
                    statusCode: StatusCodes.Status404NotFound, title: "Not found")
                : Results.Redirect(portal.TrimEnd('/') + "/"))
            .ExcludeFromDescription();
        return app;
    }
}
