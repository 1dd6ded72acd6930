using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nacka.Rules;

namespace Nacka.Records.Revisions;

/// <summary>
/// How a list attribute (identifiers, holders, participations, seats, links…) is carried forward
/// when both a change and a segment scheduled after it changed it (<see cref="RecordSet{TRevision, TCurrent}"/>).
/// Lists are collections, or JSON arrays in a text column; dated items in JSON carry their period
/// as <c>from</c> and <c>to</c> (exclusive), as every record's items do (ContractJson's camelCase).
/// </summary>
internal static class CarriedLists
{
    private const string From = "from";
    private const string To = "to";

    /// <summary>A list attribute: a collection, or JSON text holding an array.</summary>
    public static bool IsList(object? value) => value switch
    {
        string text => text.TrimStart().StartsWith('['),
        IEnumerable => true,
        _ => false,
    };

    /// <summary>
    /// The later list with the change's replacements made in it, or null (refused, <c>changed-later</c>).
    /// When the change only replaced items one for one (a participation ended, an identifier corrected)
    /// and the later list still holds each item it replaced, the replacements are made there — a unit
    /// dissolved today leaves a process whose other unit leaves in February. When the later list holds
    /// a replaced item with an end of its own (the process's end recorded for next year), the earlier
    /// end wins there. Anything else (an item added, or one the later change edited otherwise) could
    /// break a rule the later list was checked against (one skolenhetskod per unit): refused.
    /// </summary>
    public static object? Merge(object? was, object? now, object? then)
    {
        if (then is string thenJson)
        {
            var (wasItems, nowItems, thenItems) = (JsonItems(was as string), JsonItems(now as string), JsonItems(thenJson));
            return wasItems is null || nowItems is null || thenItems is null
                || (Merged(wasItems, nowItems, thenItems) ?? MergedEnds(wasItems, nowItems, thenItems)) is not { } merged
                ? null
                : $"[{string.Join(",", merged)}]";
        }

        if (then is IList thenList && was is IEnumerable wasList && now is IEnumerable nowList
            && Merged([.. wasList.Cast<object?>()], [.. nowList.Cast<object?>()], [.. thenList.Cast<object?>()]) is { } items)
        {
            var list = (IList)Activator.CreateInstance(thenList.GetType())!;
            foreach (var item in items)
            {
                list.Add(item);
            }

            return list;
        }

        return null;
    }

    /// <summary>
    /// <paramref name="json"/>'s dated items bounded by an end on <paramref name="endedOn"/>: one open then or ending later ends
    /// on that date, one planned to start after it ends on its own first day (it never holds). Null when nothing changes
    /// (or the text holds no dated items).
    /// </summary>
    public static string? Closed(string json, DateOnly endedOn)
    {
        if (Parse(json) is not JsonArray items)
        {
            return null;
        }

        var changed = false;
        foreach (var item in items.OfType<JsonObject>())
        {
            if (DateOf(item, From) is not { } from || !item.ContainsKey(To))
            {
                continue;
            }

            var to = DateOf(item, To);
            if (Periods.EndedBy(from, to, endedOn) is { } bounded && bounded != to)
            {
                item[To] = bounded.ToString("yyyy-MM-dd");
                changed = true;
            }
        }

        return changed ? Canonical(items) : null;
    }

    /// <summary>Two JSON texts with the same values (PostgreSQL's jsonb and the serializer differ in spacing and key order).</summary>
    public static bool SameJson(string x, string y) => Parse(x) is { } left && Parse(y) is { } right && Canonical(left) == Canonical(right);

    private static List<T>? Merged<T>(List<T> was, List<T> now, List<T> then)
    {
        var removed = was.Where(item => !now.Contains(item)).ToList();
        var added = now.Where(item => !was.Contains(item)).ToList();
        return removed.Count == added.Count && removed.All(then.Contains)
            ? [.. then.Where(item => !removed.Contains(item)), .. added.Where(item => !then.Contains(item))] : null;
    }

    /// <summary>
    /// Each item the change replaced is the same item with another end (<c>to</c>); where the later list holds that item,
    /// the replacement is made, and where it holds it with an end of its own, the earlier of the two ends holds.
    /// </summary>
    private static List<string>? MergedEnds(List<string> was, List<string> now, List<string> then)
    {
        var removed = was.Where(item => !now.Contains(item)).ToList();
        var added = now.Where(item => !was.Contains(item)).ToList();
        if (removed.Count != added.Count)
        {
            return null;
        }

        var merged = new List<string>(then);
        foreach (var item in removed)
        {
            var key = WithoutEnd(item);
            var replacement = added.FirstOrDefault(a => WithoutEnd(a) == key);
            var index = merged.FindIndex(t => t == item || WithoutEnd(t) == key);
            if (key is null || replacement is null || index < 0)
            {
                return null;
            }

            added.Remove(replacement);
            if (merged[index] == item || EndsEarlier(replacement, merged[index]))
            {
                merged[index] = replacement;
            }
        }

        return merged;
    }

    private static bool EndsEarlier(string item, string other) =>
        DateOf(Parse(item) as JsonObject, To) is { } end && (DateOf(Parse(other) as JsonObject, To) is not { } otherEnd || end < otherEnd);

    /// <summary>A dated item's identity: the item without its end; null for anything else.</summary>
    private static string? WithoutEnd(string item)
    {
        if (Parse(item) is not JsonObject node || !node.ContainsKey(To))
        {
            return null;
        }

        node.Remove(To);
        return Canonical(node);
    }

    private static DateOnly? DateOf(JsonObject? item, string key) =>
        item?[key] is JsonValue value && value.TryGetValue<string>(out var text) && DateOnly.TryParse(text, out var date) ? date : null;

    /// <summary>The items of a JSON array in canonical form (see <see cref="Canonical"/>), null when <paramref name="json"/> is not one.</summary>
    private static List<string>? JsonItems(string? json) => Parse(json) is JsonArray array ? [.. array.Select(Canonical)] : null;

    private static JsonNode? Parse(string? json)
    {
        if (json is null || json.TrimStart() is not ['[' or '{', ..])
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// JSON text two writers agree on: PostgreSQL's jsonb gives back its own spacing and key order,
    /// the service's serializer its own, so values are compared (and lists merged) in this form.
    /// </summary>
    private static string Canonical(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        _ => node.ToJsonString(),
    };
}
