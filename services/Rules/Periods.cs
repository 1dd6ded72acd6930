namespace Nacka.Rules;

/// <summary>Dated items — a participation, a seat, a link — hold from their first day until their end (exclusive).</summary>
public static class Periods
{
    /// <summary>
    /// The end of an item held from <paramref name="from"/> until <paramref name="to"/> once what it belongs to ends on
    /// <paramref name="endedOn"/>: the earlier end wins, and an item planned to start after it ends on its own first day
    /// (cancelled: it never holds, and never ends before it starts).
    /// </summary>
    public static DateOnly? EndedBy(DateOnly from, DateOnly? to, DateOnly endedOn)
    {
        var bound = from > endedOn ? from : endedOn;
        return to is null || to > bound ? bound : to;
    }
}
