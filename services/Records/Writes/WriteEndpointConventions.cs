using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Nacka.Records.Writes;

public static class WriteEndpointConventions
{
    /// <summary>
    /// The Problem Details every write can answer with, as <see cref="RecordWrites.WriteAsync"/>
    /// produces them: 404 unknown record, 409 rule conflict (with a code), 412 stale If-Match or a
    /// concurrent change, 422 invalid values (with an errors map), 400 malformed body, 503 too many writes at once.
    /// </summary>
    public static RouteHandlerBuilder ProducesWriteProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
        // More writes at once than the service takes (ServiceDefaults/WriteAdmission.cs): not started, come back after Retry-After.
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
