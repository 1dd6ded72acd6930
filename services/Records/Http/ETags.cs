using System.Globalization;
using Microsoft.AspNetCore.Http;
using Nacka.Rules;

namespace Nacka.Records.Http;

/// <summary>Optimistic concurrency over HTTP: the ETag is the entity's version, updates honour If-Match.</summary>
public static class ETags
{
    /// <summary>Strong ETag from the entity version: <c>"3"</c>.</summary>
    public static string For(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// Null when the request may change version <paramref name="currentVersion"/>: no If-Match,
    /// <c>*</c>, or that version. If-Match compares strongly (RFC 9110 §13.1.1): a weak tag
    /// (<c>W/"3"</c>) names content that may differ and never matches. A malformed If-Match is
    /// treated as stale rather than ignored.
    /// </summary>
    public static DomainError? CheckIfMatch(HttpRequest request, int currentVersion)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return null;
        }

        var current = currentVersion.ToString(CultureInfo.InvariantCulture);
        return header.Split(',').Select(t => t.Trim()).Any(t => !t.StartsWith("W/", StringComparison.Ordinal) && t.Trim('"') == current)
            ? null
            : DomainError.Stale(currentVersion);
    }

    /// <summary>Sets the response's ETag to <paramref name="version"/> and returns the result unchanged.</summary>
    public static TResult WithETag<TResult>(this TResult result, HttpContext http, int version)
    {
        http.Response.Headers.ETag = For(version);
        return result;
    }
}
