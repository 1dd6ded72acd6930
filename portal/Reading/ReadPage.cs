using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Nacka.Portal.Reading;

/// <summary>
/// A page that reads the organisation on a day: today, or the day in the address (<c>?dag=2027-01-01</c>), which every
/// link from the page carries on, so a reader who chose a date stays on it and a link shows the next reader the same.
/// </summary>
public abstract class ReadPage : ComponentBase
{
    /// <summary>Taken as text and read here, so junk in the address (<c>?dag=igår</c>) can never fail the page: it shows today.</summary>
    [SupplyParameterFromQuery(Name = "dag")] public string? DayText { get; set; }

    /// <summary>The day chosen, or null for today.</summary>
    protected DateOnly? Day => DateOnly.TryParseExact(DayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>The API's <c>asOf</c> for the chosen day, to append after a <c>?</c> or <c>&amp;</c> (empty for today: the services' own today).</summary>
    protected string AsOf => Day is { } day ? $"asOf={day:yyyy-MM-dd}" : "";

    /// <summary>A portal address carrying the chosen day.</summary>
    protected string Dated(string path) => Day is { } day ? $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}dag={day:yyyy-MM-dd}" : path;

    /// <summary>An API path with the chosen day's <c>asOf</c>.</summary>
    protected string At(string apiPath) => AsOf.Length == 0 ? apiPath : $"{apiPath}{(apiPath.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{AsOf}";

    /// <summary>The page of a thing the search or a view names, by its kind.</summary>
    protected string PageOf(string? kind, object? id) => Dated(kind switch
    {
        "unit" => $"/enheter/{id}",
        "director" => $"/direktorer/{id}",
        "committee" => $"/namnder/{id}",
        "process" => $"/processer/{id}",
        _ => "/",
    });

    /// <summary>A director post's title as a link text; a post the view could not name is "direktör".</summary>
    protected static string PostTitle(System.Text.Json.Nodes.JsonNode? post) => post?["title"]?.ToString() ?? "direktör";

    /// <summary>" (holder)" after a director post's title, or nothing when the post is vacant.</summary>
    protected static string HeldBy(System.Text.Json.Nodes.JsonNode? post) => post?["holderName"] is { } holder ? $" ({holder})" : "";
}
