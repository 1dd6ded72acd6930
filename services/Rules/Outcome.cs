namespace Nacka.Rules;

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

    public static implicit operator Outcome<T>(T value) => Success(value);

    /// <summary>The same failure as an outcome of another type.</summary>
    public Outcome<TOther> Fail<TOther>() => Succeeded ? throw new InvalidOperationException("Not a failure.") : Outcome<TOther>.Failure(Errors);
}
