namespace Nacka.Rules;

/// <summary>Why a change was made, when it holds in the world, and who recorded it.</summary>
public sealed record ChangeInfo(DateOnly ValidFrom, string? Reason, Decision? Decision, string? RecordedBy)
{
    /// <summary>A change that must say why has a reason or a decision reference.</summary>
    public bool SaysWhy => !string.IsNullOrWhiteSpace(Reason) || Decision is not null;

    /// <summary>What the request called <see cref="ValidFrom"/> (<c>dissolvedOn</c>, <c>endedOn</c>…), so an error about the date names the field the
    /// caller sent.</summary>
    public string DateField { get; init; } = "validFrom";
}
