using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Nacka.Rules;

namespace Nacka.Records.Http;

/// <summary>Broken rules as RFC 9457 Problem Details: 404, 409 with a code, 412, or 422 with an errors map.</summary>
public static class Problems
{
    public static ProblemHttpResult For(IReadOnlyList<DomainError> errors)
    {
        if (errors.FirstOrDefault(e => e.Kind == ErrorKind.NotFound) is { } notFound)
        {
            return TypedResults.Problem(notFound.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (errors.FirstOrDefault(e => e.Kind == ErrorKind.Precondition) is { } stale)
        {
            return TypedResults.Problem(stale.Message, statusCode: StatusCodes.Status412PreconditionFailed, title: "Stale If-Match");
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

    public static ProblemHttpResult For(DomainError error) => For([error]);

    public static ProblemHttpResult NotFound(string what, Guid id) => For(DomainError.NotFound(what, id));
}
