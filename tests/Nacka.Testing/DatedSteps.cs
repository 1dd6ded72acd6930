using System.Globalization;

namespace Nacka.Testing;

/// <summary>The days the model-based tests date their changes on, and the days they read: on, just before and long after each.</summary>
public static class DatedSteps
{
    public static DateOnly[] Days(params string[] isoDays) => [.. isoDays.Select(d => DateOnly.Parse(d, CultureInfo.InvariantCulture))];

    /// <summary>Every day a change may be dated on, the day before each (the last day of what it ends), and a day far ahead.</summary>
    public static DateOnly[] AskedAround(DateOnly[] days) => [.. days, .. days.Select(d => d.AddDays(-1)), new DateOnly(2099, 1, 1)];

    public static string Iso(this DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>What <paramref name="client"/> answers (status and body) at the address for each of <paramref name="days"/>, one text to compare.</summary>
    public static async Task<string> AnswersAsync(HttpClient client, IEnumerable<DateOnly> days, Func<DateOnly, string> address, CancellationToken ct)
    {
        var answers = new List<string>();
        foreach (var day in days)
        {
            using var answer = await client.GetAsync(address(day), ct);
            // A problem's traceId differs with every request; everything else must not.
            var body = System.Text.RegularExpressions.Regex.Replace(await answer.Content.ReadAsStringAsync(ct), "\"traceId\":\"[^\"]*\"", "\"traceId\":\"\"");
            answers.Add($"{day.Iso()} {(int)answer.StatusCode} {body}");
        }

        return string.Join("\n", answers);
    }
}
