namespace Nacka.Records.Idempotency;

/// <summary>A POST that came with an <c>Idempotency-Key</c>: the key, the route it was sent to, and the body's fingerprint.</summary>
public sealed record IdempotencyRequest(string Key, string Endpoint, string RequestHash);
