using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Nacka.Gateway.ApiReference;
using Nacka.ServiceDefaults;

namespace Nacka.Gateway.Composition;

/// <summary>
/// The portal's composed views under <c>/api/org</c>: one answer built from parallel reads of the
/// services, within a bound; what a slow or stopped service could not give is named in
/// <c>missing</c> and in the <c>X-Nacka-Missing</c> header, never a 500.
/// </summary>
public static class OrgViews
{
    public const string MissingHeader = "X-Nacka-Missing";

    public static IEndpointRouteBuilder MapOrgViews(this IEndpointRouteBuilder app)
    {
        var org = app.MapGroup("/api/org").WithTags("Organisation");
        org.MapOrgSearch();
        org.MapGet("/units/{id:guid}", UnitAsync).WithName("GetOrgUnit")
            .WithSummary("A unit with its manager and mandate decision, its director, its assignments by committee and the processes it takes part in")
            .Describes<OrgUnitView>();
        org.MapGet("/directors/{id:guid}", DirectorAsync).WithName("GetOrgDirector")
            .WithSummary("A director post and its holder, the units reporting to it with their managers, the processes owned, the committees linked "
                + "and the groups sat in")
            .Describes<OrgDirectorView>();
        org.MapGet("/processes/{id:guid}", ProcessAsync).WithName("GetOrgProcess")
            .WithSummary("A process: owner, purpose, participating units with their managers, external actors, the management group resolved to people")
            .Describes<OrgProcessView>();
        org.MapGet("/committees/{id:guid}", CommitteeAsync).WithName("GetOrgCommittee")
            .WithSummary("A committee (nämnd) with its link directors and the assignments it has given that are open on the date, each with its unit")
            .Describes<OrgCommitteeView>();
        return app;
    }

    private static async Task<IResult> UnitAsync(Guid id, DateOnly? asOf, ServiceReads reads, HttpContext http, CancellationToken ct)
    {
        var date = Date(asOf);
        var unitTask = reads.GetAsync("units", $"/api/units/{id}?asOf={date}", ct);
        // The summary lists each committee's open assignments too: one read of Committees gives the view's whole part.
        var summaryTask = reads.GetAsync("committees", $"/api/assignments/summary?unitId={id}&asOf={date}", ct);
        var processesTask = reads.GetAsync("processes", $"/api/processes?unitId={id}&pageSize=200&asOf={date}", ct);
        await Task.WhenAll(unitTask, summaryTask, processesTask);
        var (unit, summary, processes) = (unitTask.Result, summaryTask.Result, processesTask.Result);

        if (unit.Status == StatusCodes.Status404NotFound)
        {
            return TypedResults.Problem($"No unit with id {id} (on {date}).", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var missing = new[] { unit, summary, processes }.Where(p => !p.Ok).Select(p => p.Service).Distinct().ToList();
        if (!unit.Ok)
        {
            return Unavailable(http, "unit", unit, missing);
        }

        var view = new JsonObject
        {
            ["unit"] = unit.Json!.DeepClone(),
            ["manager"] = unit.Json!["manager"]?.DeepClone(),
            ["director"] = unit.Json!["reportsTo"]?.DeepClone(),
            // Committees answers 404 for a unit its read model has not met yet: it can have no assignments there.
            ["assignments"] = !summary.Ok ? null
                : summary.Status == StatusCodes.Status404NotFound
                    ? new JsonObject { ["total"] = 0, ["mainCommittee"] = null, ["byCommittee"] = new JsonArray() }
                : AssignmentsByCommittee(summary.Json!),
            ["processes"] = processes.Ok ? new JsonArray([.. processes.Json!["items"]!.AsArray().Select(p => (JsonNode)ProcessOf(p!, id))]) : null,
            ["missing"] = new JsonArray([.. missing.Select(m => (JsonNode)m)]),
            ["asOf"] = date,
        };
        return Answer(http, view, missing);
    }

    private static async Task<IResult> DirectorAsync(Guid id, DateOnly? asOf, ServiceReads reads, HttpContext http, CancellationToken ct)
    {
        var date = Date(asOf);
        var postTask = reads.GetAsync("units", $"/api/directors/{id}?asOf={date}", ct);
        var unitsTask = reads.GetAsync("units", $"/api/directors/{id}/units?asOf={date}", ct);
        var ownedTask = reads.GetAsync("processes", $"/api/processes?owner={id}&pageSize=200&asOf={date}", ct);
        var seatsTask = reads.GetAsync("processes", $"/api/processes/groups?directorPostId={id}&asOf={date}", ct);
        var committeesTask = reads.GetAsync("committees", $"/api/committees?pageSize=200&asOf={date}", ct);
        await Task.WhenAll(postTask, unitsTask, ownedTask, seatsTask, committeesTask);
        var (post, units, owned, seats, committees) = (postTask.Result, unitsTask.Result, ownedTask.Result, seatsTask.Result, committeesTask.Result);
        if (post.Status == StatusCodes.Status404NotFound)
        {
            return TypedResults.Problem($"No director post with id {id} (on {date}).", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var missing = new[] { post, units, owned, seats, committees }.Where(p => !p.Ok).Select(p => p.Service).Distinct().ToList();
        if (!post.Ok)
        {
            return Unavailable(http, "director post", post, missing);
        }

        var view = new JsonObject
        {
            ["director"] = post.Json!.DeepClone(),
            ["units"] = units.Ok ? new JsonArray([.. units.Json!.AsArray().Select(u => (JsonNode)new JsonObject
            {
                ["id"] = u!["id"]!.DeepClone(), ["name"] = u["name"]!.DeepClone(), ["kind"] = u["kind"]!.DeepClone(), ["manager"] = u["manager"]?.DeepClone(),
            })]) : null,
            ["processesOwned"] = owned.Ok ? new JsonArray([.. owned.Json!["items"]!.AsArray().Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p!["id"]!.DeepClone(), ["name"] = p["name"]!.DeepClone(), ["kind"] = p["kind"]!.DeepClone(), ["purpose"] = p["purpose"]?.DeepClone(),
            })]) : null,
            ["committeesLinked"] = committees.Ok ? new JsonArray([.. committees.Json!["items"]!.AsArray()
                .Where(c => c!["linkDirectors"]!.AsArray().Any(l => l!["directorPostId"]!.GetValue<Guid>() == id))
                .Select(c => (JsonNode)new JsonObject { ["id"] = c!["id"]!.DeepClone(), ["name"] = c["name"]!.DeepClone(),
                    ["kind"] = c["kind"]!.DeepClone() })]) : null,
            ["groupsSatIn"] = seats.Ok ? seats.Json!.DeepClone() : null,
            ["missing"] = new JsonArray([.. missing.Select(m => (JsonNode)m)]),
            ["asOf"] = date,
        };
        return Answer(http, view, missing);
    }

    private static async Task<IResult> ProcessAsync(Guid id, DateOnly? asOf, ServiceReads reads, HttpContext http, CancellationToken ct)
    {
        var date = Date(asOf);
        var process = await reads.GetAsync("processes", $"/api/processes/{id}?asOf={date}", ct);
        if (process.Status == StatusCodes.Status404NotFound)
        {
            return TypedResults.Problem($"No process with id {id} (on {date}).", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (!process.Ok)
        {
            return Unavailable(http, "process", process, ["processes"]);
        }

        // Each participating unit's manager, from Units (which knows them from Mandates), in parallel.
        var unitIds = process.Json!["units"]!.AsArray().Select(u => u!["unitId"]!.GetValue<Guid>()).Distinct().ToList();
        var unitParts = await Task.WhenAll(unitIds.Select(u => reads.GetAsync("units", $"/api/units/{u}?asOf={date}", ct)));
        var managers = unitIds.Zip(unitParts).Where(x => x.Second.Ok).ToDictionary(x => x.First, x => x.Second.Json!["manager"]?.DeepClone());
        var missing = unitParts.Any(p => !p.Ok) ? new List<string> { "units" } : [];
        var view = process.Json!.DeepClone().AsObject();
        foreach (var unit in view["units"]!.AsArray())
        {
            var unitId = unit!["unitId"]!.GetValue<Guid>();
            unit.AsObject()["manager"] = managers.TryGetValue(unitId, out var manager) ? manager : null;
        }

        view["missing"] = new JsonArray([.. missing.Select(m => (JsonNode)m)]);
        return Answer(http, view, missing);
    }

    private static async Task<IResult> CommitteeAsync(Guid id, DateOnly? asOf, ServiceReads reads, HttpContext http, CancellationToken ct)
    {
        var date = Date(asOf);
        var committeeTask = reads.GetAsync("committees", $"/api/committees/{id}?asOf={date}", ct);
        var assignmentsTask = reads.GetAsync("committees",
            $"/api/assignments?committeeId={id}&status=issued&from={date}&to={date}&pageSize=200&asOf={date}", ct);
        await Task.WhenAll(committeeTask, assignmentsTask);
        var (committee, assignments) = (committeeTask.Result, assignmentsTask.Result);
        if (committee.Status == StatusCodes.Status404NotFound)
        {
            return TypedResults.Problem($"No committee with id {id} (on {date}).", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var missing = new[] { committee, assignments }.Where(p => !p.Ok).Select(p => p.Service).Distinct().ToList();
        if (!committee.Ok)
        {
            return Unavailable(http, "committee", committee, missing);
        }

        var view = new JsonObject
        {
            ["committee"] = committee.Json!.DeepClone(),
            ["assignments"] = assignments.Ok ? new JsonArray([.. assignments.Json!["items"]!.AsArray().Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a!["id"]!.DeepClone(), ["title"] = a["title"]!.DeepClone(), ["unit"] = a["unit"]!.DeepClone(), ["from"] = a["from"]!.DeepClone(),
                ["to"] = a["to"]?.DeepClone(), ["responsibleDirector"] = a["responsibleDirector"]!.DeepClone(), ["briefing"] = a["briefing"]?.DeepClone(),
            })]) : null,
            ["missing"] = new JsonArray([.. missing.Select(m => (JsonNode)m)]),
            ["asOf"] = date,
        };
        return Answer(http, view, missing);
    }

    /// <summary>The view's shape in the gateway's document, and what else it can answer: 304 for a cached copy, 404, 503 when the record's own
    /// service cannot answer.</summary>
    private static RouteHandlerBuilder Describes<TView>(this RouteHandlerBuilder endpoint) => endpoint
        .Produces<TView>()
        .Produces(StatusCodes.Status304NotModified)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>The date a view is read on: the one asked for, or today in Nacka (as the services count it, not UTC).</summary>
    public static string Date(DateOnly? asOf) => (asOf ?? TimeProvider.System.Today()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static ProblemHttpResult Unavailable(HttpContext http, string what, Part part, List<string> missing)
    {
        http.Response.Headers[MissingHeader] = string.Join(",", missing);
        return TypedResults.Problem($"The {part.Service} service could not answer ({part.Problem}); the {what} cannot be shown.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: $"{char.ToUpperInvariant(what[0])}{what[1..]} unavailable",
            extensions: new Dictionary<string, object?> { ["missing"] = missing });
    }

    /// <summary>"Most from one committee, some from others": the summary's counts and shares with each committee's open assignments.</summary>
    private static JsonObject AssignmentsByCommittee(JsonNode summary) =>
        new JsonObject
        {
            ["total"] = summary["total"]!.DeepClone(),
            ["mainCommittee"] = summary["mainCommittee"]?.DeepClone(),
            ["byCommittee"] = new JsonArray([.. summary["committees"]!.AsArray().Select(c => (JsonNode)new JsonObject
            {
                ["committee"] = c!["committee"]!.DeepClone(),
                ["count"] = c["count"]!.DeepClone(),
                ["share"] = c["share"]!.DeepClone(),
                ["assignments"] = new JsonArray([.. c["assignments"]!.AsArray().Select(a => (JsonNode)new JsonObject
                {
                    ["id"] = a!["id"]!.DeepClone(), ["title"] = a["title"]!.DeepClone(), ["from"] = a["from"]!.DeepClone(), ["to"] = a["to"]?.DeepClone(),
                    ["responsibleDirector"] = a["responsibleDirector"]!.DeepClone(), ["briefing"] = a["briefing"]?.DeepClone(),
                })]),
            })]),
        };

    private static JsonObject ProcessOf(JsonNode process, Guid unitId) => new JsonObject
    {
        ["id"] = process["id"]!.DeepClone(),
        ["name"] = process["name"]!.DeepClone(),
        ["kind"] = process["kind"]!.DeepClone(),
        ["owner"] = process["owner"]?.DeepClone(),
        ["role"] = process["units"]!.AsArray().FirstOrDefault(u => u!["unitId"]!.GetValue<Guid>() == unitId)?["role"]?.DeepClone(),
    };

    /// <summary>200 with a strong ETag over the body (304 when the client has it), and the missing parts in a header.</summary>
    private static IResult Answer(HttpContext http, JsonObject view, List<string> missing)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(view);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"";
        http.Response.Headers.ETag = etag;
        if (missing.Count > 0)
        {
            http.Response.Headers[MissingHeader] = string.Join(",", missing);
        }

        return http.Request.Headers.IfNoneMatch.Any(v => v == etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(body, "application/json");
    }
}
