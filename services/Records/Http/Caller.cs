using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Nacka.Records.Http;

public static class Caller
{
    /// <summary>Who made the change, for history: the token's name (or subject) of the authenticated caller.</summary>
    public static string? Name(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true } identity
            ? identity.Name ?? http.User.FindFirstValue("name") ?? http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? http.User.FindFirstValue("sub")
            : null;
}
