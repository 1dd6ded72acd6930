namespace Nacka.Rules;

/// <summary>A rule the request broke, with the field it concerns when there is one.</summary>
public sealed record DomainError(ErrorKind Kind, string Code, string Message, string? Field = null)
{
    public static DomainError Invalid(string field, string message) => new(ErrorKind.Validation, "invalid", message, field);

    public static DomainError Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);

    public static DomainError NotFound(string what, Guid id) => new(ErrorKind.NotFound, "not-found", $"No {what} with id {id}.");

    public static DomainError Stale(int currentVersion) =>
        new(ErrorKind.Precondition, "stale", $"The resource has changed (now version {currentVersion}); read it again and retry with its ETag.");

    /// <summary>The same error about a field nested under <paramref name="prefix"/> (<c>successors[1].</c>).</summary>
    public DomainError Under(string prefix) => Field is null ? this : this with { Field = prefix + Field };
}
