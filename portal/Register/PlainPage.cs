using System.Net;

namespace Nacka.Portal.Register;

/// <summary>
/// The portal's page for what Blazor cannot render: a failed read, a refused address. Plain HTML in Swedish with a way
/// back, written straight to the response so it renders whatever went wrong.
/// </summary>
internal static class PlainPage
{
    public static Task WriteAsync(HttpContext context, string title, string text, string retry)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="sv"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)} – Nacka kommun</title></head>
            <body><main><h1>{WebUtility.HtmlEncode(title)}</h1><p role="alert">{WebUtility.HtmlEncode(text)}</p>
            <p><a href="{WebUtility.HtmlEncode(retry)}">Försök igen</a> · <a href="/">Till startsidan</a></p></main></body></html>
            """);
    }
}

/// <summary>
/// The portal is read by people: a request ServiceDefaults refuses before any page runs (a NUL character in the address)
/// gets the refusal as a Swedish page with the same status, not as Problem Details JSON. Registered ahead of the JSON writer.
/// </summary>
internal sealed class PlainPageProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Response.StatusCode is >= 400 and < 500;

    public ValueTask WriteAsync(ProblemDetailsContext context) => new(PlainPage.WriteAsync(context.HttpContext,
        "Det som skickades går inte att läsa",
        "Adressen eller formuläret innehåller tecken som ingen sida kan använda. Kontrollera länken, eller sök från startsidan.",
        "/sok"));
}
