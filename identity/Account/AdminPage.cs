using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Nacka.Identity.Data;

namespace Nacka.Identity.Account;

/// <summary>
/// Who may sign in, for administrators (role <c>admin</c>, signed in at the provider): every user
/// with their role and whether they are locked; set a role, lock, unlock. Every form carries an
/// anti-forgery token. Locking ends the user's next token refresh too (the token endpoint checks).
/// </summary>
public static class AdminPage
{
    public const string Path = "/admin/anvandare";
    private static readonly HtmlEncoder Swedish = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static void MapAdminPage(this WebApplication app)
    {
        var admin = app.MapGroup(Path).RequireAuthorization(policy => policy.RequireRole(NackaRoles.Admin));
        admin.MapGet("", async (HttpContext http, IAntiforgery antiforgery, UserManager<RegisterUser> users) =>
            await PageAsync(http, antiforgery, users, null));
        admin.MapPost("/{id}/roll", async (string id, [FromForm] RoleForm form, HttpContext http, IAntiforgery antiforgery, UserManager<RegisterUser> users) =>
        {
            if (await users.FindByIdAsync(id) is not { } user || form.Role is not { } role || !NackaRoles.All.Contains(role))
            {
                return await PageAsync(http, antiforgery, users, "Okänd användare eller roll.", StatusCodes.Status400BadRequest);
            }

            await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
            await users.AddToRoleAsync(user, role);
            return Results.Redirect(Path);
        });
        admin.MapPost("/{id}/las", async (string id, HttpContext http, IAntiforgery antiforgery, UserManager<RegisterUser> users) =>
            await SetLockAsync(id, DateTimeOffset.MaxValue, http, antiforgery, users));
        admin.MapPost("/{id}/las-upp", async (string id, HttpContext http, IAntiforgery antiforgery, UserManager<RegisterUser> users) =>
            await SetLockAsync(id, null, http, antiforgery, users));
    }

    public sealed class RoleForm
    {
        public string? Role { get; set; }
    }

    private static async Task<IResult> SetLockAsync(string id, DateTimeOffset? until, HttpContext http, IAntiforgery antiforgery,
        UserManager<RegisterUser> users)
    {
        // Minimal API posts without a bound form are not checked by the middleware: the token is validated here.
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return await PageAsync(http, antiforgery, users, "Formuläret kom inte från den här sidan.", StatusCodes.Status400BadRequest);
        }

        if (await users.FindByIdAsync(id) is not { } user)
        {
            return await PageAsync(http, antiforgery, users, "Okänd användare.", StatusCodes.Status404NotFound);
        }

        await users.SetLockoutEndDateAsync(user, until);
        if (until is null)
        {
            await users.ResetAccessFailedCountAsync(user);
        }

        return Results.Redirect(Path);
    }

    private static async Task<IResult> PageAsync(HttpContext http, IAntiforgery antiforgery, UserManager<RegisterUser> users, string? message,
        int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var e = Swedish;
        var field = $"<input type=\"hidden\" name=\"{e.Encode(tokens.FormFieldName)}\" value=\"{e.Encode(tokens.RequestToken ?? "")}\">";
        var rows = new List<string>();
        foreach (var user in await users.Users.OrderBy(u => u.UserName).ToListAsync(http.RequestAborted))
        {
            var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";
            var locked = await users.IsLockedOutAsync(user);
            var options = string.Concat(NackaRoles.All.Select(r => $"<option value=\"{r}\"{(r == role ? " selected" : "")}>{r}</option>"));
            var lockForm = locked
                ? $"<form method=\"post\" action=\"{Path}/{e.Encode(user.Id)}/las-upp\">{field}<button>Lås upp</button></form>"
                : $"<form method=\"post\" action=\"{Path}/{e.Encode(user.Id)}/las\">{field}<button>Lås</button></form>";
            rows.Add($"""
                <tr><td>{e.Encode(user.UserName ?? "")}</td><td>{e.Encode(user.DisplayName)}</td><td>{(locked ? "Låst" : "Aktiv")}</td>
                <td><form method="post" action="{Path}/{e.Encode(user.Id)}/roll">{field}
                <label>Roll <select name="role">{options}</select></label> <button>Spara</button></form></td>
                <td>{lockForm}</td></tr>
                """);
        }

        var alert = message is null ? "" : $"<p role=\"alert\">{e.Encode(message)}</p>";
        return Results.Content($"""
            <!doctype html>
            <html lang="sv"><head><meta charset="utf-8"><title>Användare – Nacka kommuns organisationsregister</title></head>
            <body><main>
            <h1>Användare</h1>
            {alert}
            <table><thead><tr><th>Användarnamn</th><th>Namn</th><th>Status</th><th>Roll</th><th></th></tr></thead>
            <tbody>{string.Concat(rows)}</tbody></table>
            </main></body></html>
            """, "text/html; charset=utf-8", statusCode: status);
    }
}
