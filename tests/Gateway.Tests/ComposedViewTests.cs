using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nacka.Testing;
using Xunit;

namespace Nacka.Gateway.Tests;

/// <summary>
/// The composed unit view against services that answer what the real ones answer (their JSON
/// shapes), one of which can be made slow or stopped: the view comes within the bound with the
/// gap named. The real services are composed in the end-to-end test.
/// </summary>
public sealed class ComposedViewTests : IAsyncLifetime
{
    private static readonly Guid Unit = Guid.Parse("0197a1b2-0000-7000-8000-0000000000a1");
    private static readonly Guid NewUnit = Guid.Parse("0197a1b2-0000-7000-8000-0000000000a2");
    private static readonly Guid Un = Guid.Parse("0197a1b2-0000-7000-8000-0000000000c1");
    private static readonly Guid Ks = Guid.Parse("0197a1b2-0000-7000-8000-0000000000c0");
    private readonly List<WebApplication> _apps = [];
    private readonly Dictionary<string, string> _addresses = [];
    private TimeSpan _processesDelay = TimeSpan.Zero;

    public async ValueTask InitializeAsync()
    {
        await StartAsync("units", context => context.Request.Path.Value!.EndsWith(Unit.ToString(), StringComparison.Ordinal)
            || context.Request.Path.Value!.EndsWith(NewUnit.ToString(), StringComparison.Ordinal)
            ? Json(context, new { id = Unit, name = "Sickla skola",
                reportsTo = new { directorPostId = Guid.Empty, title = "Utbildningsdirektör", holderName = "Johan Lindqvist" },
                manager = new { name = "Lena Åberg", title = "Rektor", mandateId = Guid.Empty,
                    decision = new { body = "Kommunstyrelsen", date = "2025-06-11", paragraph = "§ 101" } } })
            : Problem(context, 404));
        await StartAsync("committees", context => context.Request.Path.Value!.StartsWith("/api/committees/", StringComparison.Ordinal)
            ? context.Request.Path.Value!.EndsWith(Un.ToString(), StringComparison.Ordinal)
                ? Json(context, new { id = Un, name = "Utbildningsnämnden", kind = "Committee",
                    linkDirectors = new[] { new { directorPostId = Guid.Empty, title = "Utbildningsdirektör" } } })
                : Problem(context, 404)
            : context.Request.QueryString.Value!.Contains(NewUnit.ToString(), StringComparison.Ordinal)
                && context.Request.Path.Value!.EndsWith("/summary", StringComparison.Ordinal)
            ? Problem(context, 404)
            : context.Request.Path.Value!.EndsWith("/summary", StringComparison.Ordinal)
            ? Json(context, new { total = 3, mainCommittee = new { id = Un, name = "Utbildningsnämnden" }, committees = new object[]
            {
                new { committee = new { id = Un, name = "Utbildningsnämnden" }, count = 2, share = 0.667,
                    assignments = new[] { Assignment(Un, "Matematik"), Assignment(Un, "Läsning") } },
                new { committee = new { id = Ks, name = "Kommunstyrelsen" }, count = 1, share = 0.333, assignments = new[] { Assignment(Ks, "Energi") } },
            } })
            // The unit view reads its assignments from the summary alone: asked for the unit's list, this stand-in fails, and the view would
            // name committees missing.
            : context.Request.QueryString.Value!.Contains("unitId=", StringComparison.Ordinal)
            ? Problem(context, 500)
            : Json(context, new { items = new object[]
            {
                Assignment(Un, "Matematik"), Assignment(Un, "Läsning"), Assignment(Ks, "Energi"),
            } }));
        await StartAsync("processes", async context =>
        {
            await Task.Delay(_processesDelay);
            await Json(context, new { items = new[] { new { id = Guid.Empty, name = "Utbildningsprocessen", kind = "main",
                owner = new { title = "Utbildningsdirektör" },
                units = new[] { new { unitId = Unit, role = "utför grundskoleutbildning" } } } } });
        });
    }

    private static object Assignment(Guid committee, string title) =>
        new { id = new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(title))[..16]),
        title, from = "2026-01-01", committee = new { id = committee }, unit = new { id = Unit, name = "Sickla skola" },
        responsibleDirector = new { title = "Utbildningsdirektör" } };

    private static Task Json(HttpContext context, object body) => context.Response.WriteAsJsonAsync(body);

    private static Task Problem(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { status });
    }

    private async Task StartAsync(string service, RequestDelegate answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(answer);
        await app.StartAsync();
        _apps.Add(app);
        _addresses[service] = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    private HttpClient Gateway(string? stopped = null) => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
    {
        web.UseTestTokenValidation();
        web.UseSetting("Composition:CallTimeout", "00:00:01");
        foreach (var (service, address) in _addresses)
        {
            // A stopped service: nothing listens at its address.
            web.UseSetting($"services:{service}:http:0", service == stopped ? "http://127.0.0.1:9" : address);
        }
    }).CreateClient();

    [Fact]
    public async Task A_unit_comes_with_its_manager_director_assignments_by_committee_and_processes_and_a_validator()
    {
        using var gateway = Gateway();

        using var response = await gateway.GetAsync($"/api/org/units/{Unit}?asOf=2026-11-28", TestContext.Current.CancellationToken);
        var view = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("Lena Åberg", "§ 101", "Johan Lindqvist"),
            (view["manager"]!["name"]!.GetValue<string>(), view["manager"]!["decision"]!["paragraph"]!.GetValue<string>(),
            view["director"]!["holderName"]!.GetValue<string>()));
        Assert.Equal([("Utbildningsnämnden", 2), ("Kommunstyrelsen", 1)], view["assignments"]!["byCommittee"]!.AsArray()
            .Select(c => (c!["committee"]!["name"]!.GetValue<string>(), c["assignments"]!.AsArray().Count)));
        Assert.Equal("utför grundskoleutbildning", view["processes"]![0]!["role"]!.GetValue<string>());
        Assert.Empty(view["missing"]!.AsArray());

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/org/units/{Unit}?asOf=2026-11-28");
        again.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await gateway.SendAsync(again, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task The_unit_views_shape_in_the_gateways_OpenAPI_document_is_the_one_it_answers()
    {
        using var gateway = Gateway();
        var ct = TestContext.Current.CancellationToken;
        var documented = await DocumentedPropertiesAsync(gateway, "/api/org/units/{id}", ct);

        var view = JsonNode.Parse(await gateway.GetStringAsync($"/api/org/units/{Unit}", ct))!.AsObject();

        Assert.Equal(documented, view.Select(p => p.Key).Order());
    }

    [Fact]
    public async Task A_committee_comes_with_its_open_assignments_and_their_units_in_the_shape_its_document_gives()
    {
        using var gateway = Gateway();
        var ct = TestContext.Current.CancellationToken;
        var documented = await DocumentedPropertiesAsync(gateway, "/api/org/committees/{id}", ct);

        var view = JsonNode.Parse(await gateway.GetStringAsync($"/api/org/committees/{Un}?asOf=2026-11-28", ct))!.AsObject();

        Assert.Equal(documented, view.Select(p => p.Key).Order());
        Assert.Equal("Utbildningsnämnden", view["committee"]!["name"]!.GetValue<string>());
        Assert.Equal("2026-11-28", view["asOf"]!.GetValue<string>());
        Assert.All(view["assignments"]!.AsArray(), a => Assert.Equal("Sickla skola", a!["unit"]!["name"]!.GetValue<string>()));
        Assert.Equal(3, view["assignments"]!.AsArray().Count);
        await Answers.ProblemAsync(await gateway.GetAsync($"/api/org/committees/{Guid.NewGuid()}", ct), HttpStatusCode.NotFound);
    }

    /// <summary>The top-level properties the gateway's own document gives the 200 answer of <paramref name="route"/>.</summary>
    private static async Task<IOrderedEnumerable<string>> DocumentedPropertiesAsync(HttpClient gateway, string route, CancellationToken ct)
    {
        var document = JsonNode.Parse(await gateway.GetStringAsync("/openapi/org.json", ct))!;
        var reference = document["paths"]![route]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
        return document["components"]!["schemas"]![reference.Split('/')[^1]]!["properties"]!.AsObject().Select(p => p.Key).Order();
    }

    [Fact]
    public async Task A_unit_Committees_has_not_met_yet_has_no_assignments_rather_than_a_failure()
    {
        using var gateway = Gateway();

        using var response = await gateway.GetAsync($"/api/org/units/{NewUnit}", TestContext.Current.CancellationToken);
        var view = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, view["assignments"]!["total"]!.GetValue<int>());
        Assert.Empty(view["assignments"]!["byCommittee"]!.AsArray());
        Assert.Empty(view["missing"]!.AsArray());
    }

    [Fact]
    public async Task A_slow_service_makes_a_named_gap_within_the_bound_not_a_failure()
    {
        _processesDelay = TimeSpan.FromSeconds(10);
        using var gateway = Gateway();
        var started = System.Diagnostics.Stopwatch.StartNew();

        using var response = await gateway.GetAsync($"/api/org/units/{Unit}", TestContext.Current.CancellationToken);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("processes", response.Headers.GetValues("X-Nacka-Missing").Single());
        var view = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal(["processes"], view["missing"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Null(view["processes"]);
        Assert.NotNull(view["assignments"]);
    }

    [Fact]
    public async Task A_stopped_service_is_named_missing_an_unknown_unit_is_404_and_without_Units_the_view_is_503()
    {
        using (var withoutCommittees = Gateway(stopped: "committees"))
        {
            using var response = await withoutCommittees.GetAsync($"/api/org/units/{Unit}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("committees", response.Headers.GetValues("X-Nacka-Missing").Single());
        }

        using var gateway = Gateway();
        await Answers.ProblemAsync(await gateway.GetAsync($"/api/org/units/{Guid.NewGuid()}", TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
        await Answers.ProblemAsync(await gateway.GetAsync($"/api/org/units/{Unit}?asOf=x", TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        using var withoutUnits = Gateway(stopped: "units");
        await Answers.ProblemAsync(await withoutUnits.GetAsync($"/api/org/units/{Unit}", TestContext.Current.CancellationToken),
            HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task A_stopped_service_makes_its_gap_at_once_and_many_views_all_name_it_none_fails()
    {
        // Nothing listens where Committees should: each call is refused at once, and the view must not wait for anything. The views
        // waited out their whole bound (Composition:CallTimeout, 1 s here) while the HttpClient's standard resilience pipeline
        // retried after back-offs of seconds; and its one circuit breaker for every service, open after a hundred calls, failed
        // the view (500) where a part was missing.
        using var gateway = Gateway(stopped: "committees");
        var ct = TestContext.Current.CancellationToken;
        (await gateway.GetAsync($"/api/org/units/{Unit}", ct)).Dispose(); // the gateway's first answer compiles its way

        var views = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var answers = new List<(HttpStatusCode Status, string? Missing, TimeSpan Took)>();
            for (var i = 0; i < 20; i++)
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                using var response = await gateway.GetAsync($"/api/org/units/{Unit}", ct);
                answers.Add((response.StatusCode, response.Headers.TryGetValues("X-Nacka-Missing", out var missing) ? missing.Single() : null,
                    started.Elapsed));
            }

            return answers;
        }));

        var all = views.SelectMany(answers => answers).ToList();
        Assert.All(all, answer => Assert.Equal((HttpStatusCode.OK, "committees"), (answer.Status, answer.Missing)));
        var slowest = all.Max(answer => answer.Took);
        Assert.True(slowest < TimeSpan.FromMilliseconds(500), $"a view with a refused part took {slowest}");
    }

    [Fact]
    public async Task A_service_that_keeps_timing_out_is_let_be_for_a_while_and_its_gap_comes_at_once()
    {
        // Processes answers after 10 s, past the bound (1 s here). Ten views wait their bound; then the calls to Processes are
        // refused at the gateway for a while (a circuit breaker of its own: Units and Committees are still asked) and a view
        // answers at once with the gap named, not after another second.
        _processesDelay = TimeSpan.FromSeconds(10);
        using var gateway = Gateway();
        var ct = TestContext.Current.CancellationToken;
        await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var response = await gateway.GetAsync($"/api/org/units/{Unit}", ct);
            Assert.Equal("processes", response.Headers.GetValues("X-Nacka-Missing").Single());
        }));

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var view = await gateway.GetAsync($"/api/org/units/{Unit}", ct);

        Assert.True(started.Elapsed < TimeSpan.FromMilliseconds(500), $"took {started.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Equal("processes", view.Headers.GetValues("X-Nacka-Missing").Single());
        var body = JsonNode.Parse(await view.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("Sickla skola", body["unit"]!["name"]!.GetValue<string>());
        Assert.NotNull(body["assignments"]);
    }

    [Theory]
    [InlineData("Älta", "alta")]
    [InlineData("Förskolan Sjöstjärnan", "forskolan sjostjarnan")]
    [InlineData("  ÅRSTA  ", "arsta")]
    public void Search_folds_case_and_Swedish_letters(string text, string folded) => Assert.Equal(folded, Composition.OrgSearch.Fold(text));

    [Theory]
    [InlineData("/api/org/search")]
    [InlineData("/api/org/search?q=%20")]
    [InlineData("/api/org/search?q=skola&pageSize=0")]
    [InlineData("/api/org/search?q=skola&page=0")]
    public async Task A_search_without_words_or_with_an_impossible_page_is_422(string path)
    {
        using var gateway = Gateway();
        await Answers.ProblemAsync(await gateway.GetAsync(path, TestContext.Current.CancellationToken), HttpStatusCode.UnprocessableEntity);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }
}
