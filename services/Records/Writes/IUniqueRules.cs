using Nacka.Rules;

namespace Nacka.Records.Writes;

/// <summary>
/// Implemented by a service's DbContext: what each of its unique indexes means to a caller.
/// Uniqueness is enforced by the database (no scan, no lock, no race); a violation is answered
/// with the rule it breaks.
/// </summary>
public interface IUniqueRules
{
    /// <summary>The broken rule for a unique index or key, or null for a revision key (a concurrent change: 412).</summary>
    DomainError? Explain(string? constraintName);
}
