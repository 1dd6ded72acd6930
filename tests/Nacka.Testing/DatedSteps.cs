using System.Globalization;

namespace Nacka.Testing;

/// <summary>The days the model-based tests date their changes on, and the days they read: on, just before and long after each.</summary>
public static class DatedSteps
{
    public static DateOnly[] Days(params string[] isoDays) => [.. isoDays.Select(d => DateOnly.Parse(d, CultureInfo.InvariantCulture))];

    /// <summary>Every day a change may be dated on, the day before each (the last day of what it ends), and a day far ahead.</summary>
    public static DateOnly[] AskedAround(DateOnly[] days) => [.. days, .. days.Select(d => d.AddDays(-1)), new DateOnly(2099, 1, 1)];

    public static string Iso(this DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
