using Microsoft.AspNetCore.Authentication;

namespace Nacka.Gateway;

/// <summary>
/// Writes are refused at the edge when they carry no valid token (401) or not the role their
/// service requires (403), before a request reaches a service; the services check again. Reads
/// pass untouched: the registry's records are public.
/// </summary>
public static class EdgeAuthorization
{
    public static WebApplication UseEdgeAuthorization(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (RequiredRole(context.Request) is { } role)
            {
                if (context.User.Identity is not { IsAuthenticated: true })
                {
                    await context.ChallengeAsync();
                    return;
                }

                if (!context.User.IsInRole(role))
                {
                    await context.ForbidAsync();
                    return;
                }
            }

            await next(context);
        });
        return app;
    }

    /// <summary>The role a write needs: mandates are the KS secretariat's, every other record the registrars'.</summary>
    public static string? RequiredRole(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || !request.Path.StartsWithSegments("/api")
            ? null
            : request.Path.StartsWithSegments("/api/mandates") ? NackaRoles.KsSecretariat : NackaRoles.Registrar;
}
