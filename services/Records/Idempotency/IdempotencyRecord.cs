namespace Nacka.Records.Idempotency;

/// <summary>
/// A POST made with an <c>Idempotency-Key</c>: the request's fingerprint and, once it succeeded,
/// the response to replay when the client retries.
/// </summary>
public sealed class IdempotencyRecord
{
    public string Key { get; set; } = "";
    public string Endpoint { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public int? StatusCode { get; set; }
    public string? ResponseBody { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
