using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Nacka.Gateway.ApiReference;

namespace Nacka.Gateway.Composition;

/// <summary>
/// One search over units, directors, committees and processes by name: each service searched in
/// parallel (accent and case tolerant, "alta" finds "Älta"), the hits ranked together — the whole
/// name first, then names starting with the words, then a word starting with them, then the rest —
/// and paginated. A service that cannot answer in time is named in <c>missing</c>.
/// </summary>
public static class OrgSearch
{
    public const int MaxPageSize = 50;

    public static RouteGroupBuilder MapOrgSearch(this RouteGroupBuilder org)
    {
        org.MapGet("/search", SearchAsync).WithName("SearchOrganisation")
            .WithSummary("Units, directors, committees and processes whose names match q (case and accent tolerant), ranked and paginated")
            .Produces<OrgSearchResult>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return org;
    }

    private sealed record Hit(string Kind, Guid Id, string Name, string? Detail, int Rank)
    {
        public JsonObject ToJson() => new() { ["kind"] = Kind, ["id"] = Id, ["name"] = Name, ["detail"] = Detail, ["view"] = $"/api/org/{Kind}s/{Id}" };
    }

    private static async Task<IResult> SearchAsync(string? q, int? page, int? pageSize, DateOnly? asOf, ServiceReads reads, HttpContext http,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q) || q.Trim().Length > 100)
        {
            errors["q"] = ["Give 1 to 100 characters to search for."];
        }

        if (page is < 1 or > 10_000)
        {
            errors["page"] = ["Between 1 and 10000."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Between 1 and {MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "The request has invalid values",
                Type = "https://tools.ietf.org/html/rfc4918#section-11.2",
            });
        }

        var date = OrgViews.Date(asOf);
        var term = q!.Trim();
        var escaped = Uri.EscapeDataString(term);
        var parts = await Task.WhenAll(
            reads.GetAsync("units", $"/api/units?q={escaped}&pageSize=200&asOf={date}", ct),
            reads.GetAsync("units", $"/api/directors?asOf={date}", ct),
            reads.GetAsync("committees", $"/api/committees?q={escaped}&pageSize=200&asOf={date}", ct),
            reads.GetAsync("processes", $"/api/processes?q={escaped}&pageSize=200&asOf={date}", ct));
        var folded = Fold(term);
        var hits = new List<Hit>();
        if (parts[0].Ok)
        {
            hits.AddRange(Items(parts[0]).Select(u => Ranked("unit", u!, u!["name"]!.GetValue<string>(), u["kind"]?.GetValue<string>(), folded)));
        }

        if (parts[1].Ok)
        {
            // Directors are a handful: matched here, by title or holder.
            hits.AddRange((parts[1].Json as JsonArray ?? [])
                .Where(d => Fold(d!["title"]!.GetValue<string>()).Contains(folded, StringComparison.Ordinal)
                    || (d["holder"]?["name"]?.GetValue<string>() is { } holder && Fold(holder).Contains(folded, StringComparison.Ordinal)))
                .Select(d => Ranked("director", d!, d!["title"]!.GetValue<string>(), d["holder"]?["name"]?.GetValue<string>(), folded)));
        }

        if (parts[2].Ok)
        {
            hits.AddRange(Items(parts[2]).Select(c => Ranked("committee", c!, c!["name"]!.GetValue<string>(), c["kind"]?.GetValue<string>(), folded)));
        }

        if (parts[3].Ok)
        {
            hits.AddRange(Items(parts[3]).Select(p => Ranked("process", p!, p!["name"]!.GetValue<string>(), p["kind"]?.GetValue<string>(), folded)));
        }

        var (number, size) = (page ?? 1, pageSize ?? 20);
        var ranked = hits.OrderBy(h => h.Rank).ThenBy(h => Fold(h.Name), StringComparer.Ordinal).ThenBy(h => h.Id).ToList();
        var missing = parts.Where(p => !p.Ok).Select(p => p.Service).Distinct().ToList();
        if (missing.Count > 0)
        {
            http.Response.Headers[OrgViews.MissingHeader] = string.Join(",", missing);
        }

        return TypedResults.Ok(new JsonObject
        {
            ["items"] = new JsonArray([.. ranked.Skip((number - 1) * size).Take(size).Select(h => (JsonNode)h.ToJson())]),
            ["page"] = number,
            ["pageSize"] = size,
            ["totalCount"] = ranked.Count,
            ["missing"] = new JsonArray([.. missing.Select(m => (JsonNode)m)]),
            ["asOf"] = date,
        });
    }

    private static JsonArray Items(Part part) => part.Json?["items"] as JsonArray ?? [];

    private static Hit Ranked(string kind, JsonNode item, string name, string? detail, string folded)
    {
        var candidate = Fold(name);
        var rank = candidate == folded ? 0
            : candidate.StartsWith(folded, StringComparison.Ordinal) ? 1
            : candidate.Split(' ', '-').Any(w => w.StartsWith(folded, StringComparison.Ordinal)) ? 2
            : 3;
        return new Hit(kind, item["id"]!.GetValue<Guid>(), name, detail, rank);
    }

    /// <summary>Lower case without diacritics: "Älta" → "alta", "Sjöstjärnan" → "sjostjarnan".</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(c);
            }
        }

        return kept.ToString().Normalize(NormalizationForm.FormC);
    }
}
