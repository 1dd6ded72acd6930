namespace Nacka.Records.Revisions;

/// <summary>
/// Marks a record's end: its date (a <c>DateOnly?</c>) and the columns that describe it (reason,
/// successor), as one group. An end bounds everything, whichever was recorded first: when a change
/// dated earlier and a segment scheduled later both set an end, the earlier end wins and the
/// whole group comes with it (a unit dissolved in January ends a mandate superseded in March in
/// January, for that reason). Every other attribute keeps the later, scheduled value.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RecordEndAttribute : Attribute
{
    /// <summary>
    /// Set on the end's date when the end closes everything the record holds (a process's units,
    /// actors and seats; a nämnd's links): carried into a later segment, it also closes the dated
    /// items that segment holds — ended on the end's date, or cancelled (ended on their own first
    /// day) when planned to start after it. See <see cref="CarriedLists.Closed"/>.
    /// </summary>
    public bool ClosesItems { get; set; }
}
