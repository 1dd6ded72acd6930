namespace Nacka.Gateway;

/// <summary>
/// The portal page at <c>/</c> (wwwroot: index.html, portal.js, portal.css): plain files that read the
/// composed views, served with validators so a browser revalidates instead of keeping an old page.
/// </summary>
public static class Portal
{
    public static WebApplication UsePortal(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
