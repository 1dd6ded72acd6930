namespace Nacka.Records.Revisions;

/// <summary>
/// A change dated before a scheduled one that changed the same list attribute: refused as 409
/// <c>changed-later</c> by the write pipeline (the transaction rolls back), naming the attribute and the date.
/// </summary>
public sealed class ChangedLaterException(string attribute, DateOnly scheduledOn, string scheduledChange)
    : InvalidOperationException($"{attribute} is also changed from {scheduledOn:yyyy-MM-dd} ({scheduledChange}); record this change from that date or later.")
{
    public string Attribute { get; } = attribute;

    public DateOnly ScheduledOn { get; } = scheduledOn;
}
