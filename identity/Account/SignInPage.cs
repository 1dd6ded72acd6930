using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Nacka.Identity.Data;

namespace Nacka.Identity.Account;

/// <summary>
/// The sign-in page (Swedish), served by the provider so passwords are typed only here: a form
/// with an anti-forgery token; repeated failures lock the account (Identity's lockout); after
/// sign-in, back to where the client sent the user (a local address only).
/// </summary>
public static class SignInPage
{
    /// <summary>Encodes markup characters and leaves å, ä, ö as they are (the default encoder writes them as entities).</summary>
    private static readonly HtmlEncoder Swedish = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public const string Path = "/konto/logga-in";

    public static void MapSignInPage(this WebApplication app)
    {
        app.MapGet(Path, (HttpContext http, IAntiforgery antiforgery, string? returnUrl) => Page(http, antiforgery, returnUrl, message: null, userName: null));
        app.MapPost(Path, SignInAsync);
        app.MapGet("/", () => Results.Redirect(Path));
    }

    /// <summary>The posted form; a field left out is null (a class, not a positional record: form binding requires every constructor value).</summary>
    public sealed class SignInForm
    {
        public string? UserName { get; set; }

        public string? Password { get; set; }

        public string? ReturnUrl { get; set; }
    }

    private static async Task<IResult> SignInAsync([FromForm] SignInForm form, HttpContext http, IAntiforgery antiforgery, SignInManager<RegisterUser> signIn)
    {
        if (string.IsNullOrWhiteSpace(form.UserName) || string.IsNullOrEmpty(form.Password))
        {
            return Page(http, antiforgery, form.ReturnUrl, "Fyll i användarnamn och lösenord.", form.UserName, StatusCodes.Status400BadRequest);
        }

        var result = await signIn.PasswordSignInAsync(form.UserName.Trim(), form.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return Page(http, antiforgery, form.ReturnUrl,
                "Kontot är låst efter för många misslyckade försök. Försök igen om en stund eller kontakta en administratör.",
                form.UserName, StatusCodes.Status423Locked);
        }

        if (!result.Succeeded)
        {
            return Page(http, antiforgery, form.ReturnUrl, "Fel användarnamn eller lösenord.", form.UserName, StatusCodes.Status401Unauthorized);
        }

        return Results.LocalRedirect(RedirectHttpResult.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : "/konto/inloggad");
    }


    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? message, string? userName,
        int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var e = Swedish;
        var alert = message is null ? "" : $"<p class=\"fel\" role=\"alert\" id=\"fel\">{e.Encode(message)}</p>";
        var describedBy = message is null ? "" : " aria-describedby=\"fel\"";
        var html = $$"""
            <!doctype html>
            <html lang="sv">
            <head>
              <meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Logga in – Nacka kommuns organisationsregister</title>
              <style>
                body { font-family: system-ui, sans-serif; max-width: 26rem; margin: 4rem auto; padding: 0 1rem; color: #1a1a1a; }
                label { display: block; margin-top: 1rem; font-weight: 600; }
                input { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
                button { margin-top: 1.5rem; padding: .6rem 1.2rem; font-size: 1rem; background: #005a9e; color: #fff; border: 0; border-radius: 4px; }
                button:focus, input:focus { outline: 3px solid #ffbf47; }
                .fel { background: #fde7e9; border-left: 4px solid #a4262c; padding: .75rem; margin-top: 1rem; }
              </style>
            </head>
            <body>
              <main>
                <h1>Logga in</h1>
                <p>Nacka kommuns organisationsregister – för registratorer, KS-sekretariatet och administratörer.</p>
                {{alert}}
                <form method="post" action="{{Path}}">
                  <input type="hidden" name="{{e.Encode(tokens.FormFieldName)}}" value="{{e.Encode(tokens.RequestToken ?? "")}}">
                  <input type="hidden" name="returnUrl" value="{{e.Encode(returnUrl ?? "")}}">
                  <label for="userName">Användarnamn</label>
                  <input id="userName" name="userName" autocomplete="username" required value="{{e.Encode(userName ?? "")}}"{{describedBy}}>
                  <label for="password">Lösenord</label>
                  <input id="password" name="password" type="password" autocomplete="current-password" required>
                  <button type="submit">Logga in</button>
                </form>
              </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
