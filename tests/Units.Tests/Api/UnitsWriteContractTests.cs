using Nacka.Testing;
using Nacka.Units.Data;
using static Nacka.Units.Tests.Api.UnitsClient;

namespace Nacka.Units.Tests.Api;

/// <summary>Every Units write through the shared write contract (events, refusals, commit failure, If-Match).</summary>
public sealed class UnitsWriteContractTests(TestInfrastructure infrastructure)
    : WriteContractTests<Program, UnitsDbContext>(infrastructure, UnitsDbContext.ConnectionName)
{
    private static string Event(string name) => $"se.nacka.org.units.{name}.v1";

    protected override string WriteRole => TestTokens.Registrar;

    protected override IReadOnlyList<WriteScenario> Scenarios { get; } =
    [
        new("POST /api/units/", [Event("unit-established")], async http =>
        {
            var director = await new UnitsClient(http).CreateDirectorAsync("Utbildningsdirektör");
            return new WriteRequest("/api/units", UnitBody("Förskolan Ugglan", Id(director)), UnitBody("Förskolan Ugglan", Id(director), kind: "fabrik"));
        }),
        new("PUT /api/units/{id:guid}/details", [Event("unit-details-changed")], async http =>
        {
            var unit = await UnitAsync(http);
            return new WriteRequest($"/api/units/{Id(unit)}/details",
                new { shortName = "Ugglan", kind = "forskola", managerTitle = "Rektor", identifiers = Array.Empty<object>() },
                new { shortName = "Ugglan", kind = "fabrik", managerTitle = "Rektor" });
        }),
        new("POST /api/units/{id:guid}/rename", [Event("unit-renamed")], async http =>
        {
            var unit = await UnitAsync(http);
            return new WriteRequest($"/api/units/{Id(unit)}/rename", new { name = "Förskolan Berget", reason = "Nytt namn" },
                new { name = "Förskolan Berget" });
        }),
        new("POST /api/units/{id:guid}/reporting-line", [Event("unit-reporting-line-changed")], async http =>
        {
            var unit = await UnitAsync(http);
            var welfare = await new UnitsClient(http).CreateDirectorAsync("Välfärdsdirektör", "Karin Lund");
            return new WriteRequest($"/api/units/{Id(unit)}/reporting-line", new { directorPostId = Id(welfare), reason = "Ny process" },
                new { directorPostId = Id(welfare) });
        }),
        new("POST /api/units/{id:guid}/dissolve", [Event("unit-dissolved")], async http =>
        {
            var unit = await UnitAsync(http);
            return new WriteRequest($"/api/units/{Id(unit)}/dissolve", new { dissolvedOn = "2026-06-30", reason = "Nedlagd" },
                new { dissolvedOn = "2023-06-30", reason = "Nedlagd" });
        }),
        new("POST /api/units/{id:guid}/merge", [Event("unit-dissolved"), Event("units-merged")], async http =>
        {
            var target = await UnitAsync(http);
            var source = await new UnitsClient(http).CreateUnitAsync("Förskolan Snäckan", target["reportsTo"]!["directorPostId"]!.GetValue<Guid>());
            return new WriteRequest($"/api/units/{Id(target)}/merge", new { sourceUnitIds = new[] { Id(source) }, reason = "Samman" },
                new { sourceUnitIds = new[] { Id(target) }, reason = "Samman" });
        }),
        new("POST /api/units/{id:guid}/split", [Event("unit-established"), Event("unit-established"), Event("unit-split"), Event("unit-dissolved")],
            async http =>
        {
            var unit = await UnitAsync(http);
            var director = unit["reportsTo"]!["directorPostId"]!.GetValue<Guid>();
            return new WriteRequest($"/api/units/{Id(unit)}/split",
                new { reason = "Delas", successors = new[] { UnitBody("Ugglan Norr", director), UnitBody("Ugglan Syd", director) } },
                new { reason = "Delas", successors = new[] { UnitBody("Ugglan Norr", director) } });
        }),
        new("POST /api/units/kinds", [], _ => Task.FromResult(new WriteRequest("/api/units/kinds", new { code = "naturskola", name = "Naturskola" },
            new { code = "Natur skola!", name = "" }))),
        new("POST /api/directors/", [Event("director-post-created")], _ =>
            Task.FromResult(new WriteRequest("/api/directors", new { title = "Teknisk direktör", createdOn = "2020-01-01" }, new { title = " " }))),
        new("POST /api/directors/{id:guid}/appointments", [Event("director-appointed")], async http =>
        {
            var post = await new UnitsClient(http).CreateDirectorAsync("Teknisk direktör", holder: null);
            return new WriteRequest($"/api/directors/{Id(post)}/appointments", new { name = "Per Holm", validFrom = "2021-01-01" }, new { name = "" });
        }),
        new("POST /api/directors/{id:guid}/vacate", [Event("director-post-vacated")], async http =>
        {
            var post = await new UnitsClient(http).CreateDirectorAsync("Teknisk direktör", "Per Holm");
            return new WriteRequest($"/api/directors/{Id(post)}/vacate", new { reason = "Pension" }, new { validFrom = "2019-01-01", reason = "Pension" });
        }),
    ];

    private static async Task<System.Text.Json.Nodes.JsonObject> UnitAsync(HttpClient http)
    {
        var api = new UnitsClient(http);
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");
        return await api.CreateUnitAsync("Förskolan Ugglan", Id(director));
    }
}
