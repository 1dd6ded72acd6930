using Nacka.Rules;

namespace Nacka.Testing;

/// <summary>
/// What a domain rule takes from its caller (the revision it makes, where its ids come from),
/// made predictable for domain tests: ids count up from 1, so a test can name every id a rule mints.
/// </summary>
public static class RuleInputs
{
    /// <summary>A fresh id source: 00000000-0000-0000-0000-000000000001, …02, …</summary>
    public static Func<Guid> Ids()
    {
        var next = 0L;
        return () => new Guid($"00000000-0000-0000-0000-{Interlocked.Increment(ref next):D12}");
    }

    /// <summary>The first revision of a new record, recorded at <paramref name="at"/>.</summary>
    public static Revising First(DateTimeOffset at, DateOnly? validFrom = null, string? reason = null) =>
        Revising.First(new ChangeInfo(validFrom ?? DateOnly.FromDateTime(at.UtcDateTime), reason, null, "Test"), at, Ids());
}
