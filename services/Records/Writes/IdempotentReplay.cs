using Microsoft.AspNetCore.Http;

namespace Nacka.Records.Writes;

/// <summary>The stored answer to the first request with an Idempotency-Key, replayed for a retry (same status, body, Location and ETag).</summary>
public sealed class IdempotentReplay(IResult stored) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => stored.ExecuteAsync(httpContext);
}
