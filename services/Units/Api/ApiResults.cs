using Microsoft.AspNetCore.Http.HttpResults;
using Nacka.Units.Domain;

namespace Nacka.Units.Api;

/// <summary>Turns broken rules into RFC 9457 Problem Details: 422 with an errors map, 409, or 404.</summary>
public static class ApiResults
{
    public static IResult Problem(IReadOnlyList<DomainError> errors)
    {
        if (errors.FirstOrDefault(e => e.Kind == ErrorKind.NotFound) is { } notFound)
        {
            return TypedResults.Problem(notFound.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (errors.FirstOrDefault(e => e.Kind == ErrorKind.Conflict) is { } conflict)
        {
            return TypedResults.Problem(conflict.Message, statusCode: StatusCodes.Status409Conflict, title: "Conflicts with the registry's rules",
                extensions: new Dictionary<string, object?> { ["code"] = conflict.Code });
        }

        // 422, not ValidationProblem's default 400: the request was well-formed, its values break rules.
        return TypedResults.Problem(new HttpValidationProblemDetails(
            errors.GroupBy(e => e.Field ?? "").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The request has invalid values",
            Type = "https://tools.ietf.org/html/rfc4918#section-11.2",
        });
    }

    public static IResult Problem(DomainError error) => Problem([error]);

    public static ProblemHttpResult NotFound(string what, Guid id) =>
        TypedResults.Problem($"No {what} with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult PreconditionFailed(int currentVersion) =>
        TypedResults.Problem($"The resource has changed (now version {currentVersion}); read it again and retry with its ETag.",
            statusCode: StatusCodes.Status412PreconditionFailed, title: "Stale If-Match");

    /// <summary>Strong ETag from the entity version: <c>"3"</c>.</summary>
    public static string ETag(int version) => $"\"{version}\"";

    /// <summary>
    /// True when the request may proceed: no If-Match, <c>*</c>, or the current version. A
    /// malformed If-Match is treated as stale rather than ignored.
    /// </summary>
    public static bool IfMatchHolds(HttpRequest request, int currentVersion)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return true;
        }

        return header.Split(',').Select(t => t.Trim().Replace("W/", "", StringComparison.Ordinal).Trim('"'))
            .Any(t => t == currentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public static IResult WithETag(this IResult result, HttpContext http, int version)
    {
        http.Response.Headers.ETag = ETag(version);
        return result;
    }
}
