namespace Nacka.Units.Domain;

public enum ErrorKind
{
    /// <summary>The request is well-formed but a value is invalid (422).</summary>
    Validation,

    /// <summary>The request conflicts with the registry's state or rules (409).</summary>
    Conflict,

    /// <summary>Something the request refers to does not exist (404).</summary>
    NotFound,
}

/// <summary>A rule the request broke, with the field it concerns when there is one.</summary>
public sealed record DomainError(ErrorKind Kind, string Code, string Message, string? Field = null)
{
    public static DomainError Invalid(string field, string message) => new(ErrorKind.Validation, "invalid", message, field);

    public static DomainError Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);

    public static DomainError NotFound(string what, Guid id) => new(ErrorKind.NotFound, "not-found", $"No {what} with id {id}.");
}

/// <summary>A new state, or the rules it broke; domain operations return this instead of throwing.</summary>
public sealed class Outcome<T>
{
    private Outcome(T? value, IReadOnlyList<DomainError> errors)
    {
        Value = value;
        Errors = errors;
    }

    public T? Value { get; }
    public IReadOnlyList<DomainError> Errors { get; }
    public bool Succeeded => Errors.Count == 0;

    public static Outcome<T> Success(T value) => new(value, []);

    public static Outcome<T> Failure(IReadOnlyList<DomainError> errors) => errors.Count == 0
        ? throw new ArgumentException("A failure needs at least one error.", nameof(errors))
        : new(default, errors);

    public static Outcome<T> Failure(DomainError error) => new(default, [error]);

    public static implicit operator Outcome<T>(DomainError error) => Failure(error);
}
