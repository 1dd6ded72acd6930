using System.Text.Json;

namespace Nacka.Messaging.ReadModels;

/// <summary>
/// One attribute of another service's record as a read model keeps it: every value with the day
/// it holds from (JSON, oldest first), so a rule or an <c>asOf</c> answer takes the value valid on
/// the date in question, as the owner would. A value dated before ones already kept holds until
/// the next of them — the owner's own effective dating (docs/records.md) — so events applied in
/// version order give the owner's timeline, whatever the dates.
/// </summary>
public static class DatedCopy
{
    public sealed record Entry<T>(DateOnly From, T Value);

    /// <summary>The timeline <paramref name="json"/> with <paramref name="value"/> from <paramref name="from"/> (replacing one from the same day).</summary>
    public static string Set<T>(string? json, DateOnly from, T value) =>
        JsonSerializer.Serialize(Read<T>(json).Where(e => e.From != from).Append(new Entry<T>(from, value)).OrderBy(e => e.From).ToList(), Options);

    /// <summary>
    /// The value on <paramref name="date"/>; before the first entry, the first when
    /// <paramref name="firstBeforeStart"/> (a record read before it began shows as first recorded: a
    /// name), else nothing (a post's holder before anyone held it).
    /// </summary>
    public static T? On<T>(string? json, DateOnly date, bool firstBeforeStart = true)
    {
        var entries = Read<T>(json);
        var holding = entries.LastOrDefault(e => e.From <= date) ?? (firstBeforeStart ? entries.FirstOrDefault() : null);
        return holding is null ? default : holding.Value;
    }

    public static List<Entry<T>> Read<T>(string? json) => string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<Entry<T>>>(json, Options) ?? [];

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
