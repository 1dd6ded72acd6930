using Microsoft.AspNetCore.Diagnostics;

namespace Nacka.Portal.Register;

/// <summary>
/// When the register does not answer a read, the page says so (503, in Swedish) instead of showing an
/// empty page or "not found". Written without Blazor: the page must render even when the request that
/// failed was a form post, and it must not itself call the register.
/// </summary>
public static class UnavailableNotice
{
    public static WebApplication UseUnavailableNotice(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is RegisterUnavailableException ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
            ExceptionHandler = async context =>
            {
                var unavailable = context.Features.Get<IExceptionHandlerFeature>()?.Error is RegisterUnavailableException;
                var (title, text) = unavailable
                    ? ("Registret svarar inte just nu",
                        "En del av organisationsregistret är tillfälligt borta. Försök igen om en stund; "
                        + "ingenting du har sparat tidigare har gått förlorat.")
                    : ("Något gick fel", "Sidan kunde inte visas. Försök igen; händer det igen, kontakta registrets förvaltning.");
                if (unavailable)
                {
                    context.Response.Headers.RetryAfter = "10";
                }

                await PlainPage.WriteAsync(context, title, text, context.Request.Path + context.Request.QueryString);
            },
        });
        return app;
    }
}
