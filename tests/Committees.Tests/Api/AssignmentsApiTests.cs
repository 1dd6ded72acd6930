using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nacka.Testing;
using Xunit;

namespace Nacka.Committees.Tests.Api;

/// <summary>Assignments (uppdrag) through the HTTP API: every rule on real PostgreSQL, units and directors from the real Units service's events.</summary>
public sealed class AssignmentsApiTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_assignment_needs_an_active_unit_and_committee_on_its_start_and_a_linked_director()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var technical = await organisation.DirectorAsync("Teknisk direktör");
        var school = await organisation.UnitAsync("Sickla skola", education);
        var planned = await organisation.UnitAsync("Nya skolan", education, establishedOn: "2027-08-01");
        var park = await organisation.UnitAsync("Park och natur", technical);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var un = Answers.Id(await api.CreateCommitteeAsync("Utbildningsnämnden", [education]));
        var later = Answers.Id(await api.CreateCommitteeAsync("Framtidsnämnden", [education], establishedOn: "2026-06-01"));

        async Task<string> RefusedAsync(object body, HttpStatusCode status = HttpStatusCode.Conflict)
        {
            var problem = await Answers.ProblemAsync(await api.Http.PostAsJsonAsync("/api/assignments", body, Ct), status);
            return status == HttpStatusCode.Conflict ? problem["code"]!.GetValue<string>()
                : string.Join(",", problem["errors"]!.AsObject().Select(e => e.Key).Order());
        }

        Assert.Equal("unit-not-active", await RefusedAsync(CommitteesClient.IssueBody(un, planned)));
        Assert.Equal("committee-not-active", await RefusedAsync(CommitteesClient.IssueBody(later, school)));
        Assert.Equal("director-not-linked", await RefusedAsync(CommitteesClient.IssueBody(un, park))); // the park unit reports to the technical director
        Assert.Equal("director-not-linked", await RefusedAsync(CommitteesClient.IssueBody(un, school, responsibleDirectorPostId: technical)));
        Assert.Equal("committeeId,unitId", await RefusedAsync(CommitteesClient.IssueBody(Guid.NewGuid(), Guid.NewGuid()), HttpStatusCode.UnprocessableEntity));
        Assert.Equal("title,to", await RefusedAsync(new { committeeId = un, unitId = school, title = " ", from = "2026-05-01", to = "2026-04-01" },
            HttpStatusCode.UnprocessableEntity));

        var issued = await api.IssueAsync(un, school);
        Assert.Equal(education, issued["responsibleDirector"]!["directorPostId"]!.GetValue<Guid>()); // by default, the director the manager reports to
        Assert.Equal(("issued", "Utbildningsnämnden", "Sickla skola", "§ 12"),
            (issued["status"]!.GetValue<string>(), issued["committee"]!["name"]!.GetValue<string>(),
            issued["unit"]!["name"]!.GetValue<string>(), issued["decision"]!["paragraph"]!.GetValue<string>()));
        Assert.Equal(1, await organisation.QueryAsync(db => Task.FromResult(db.Assignments.Current.Count()))); // nothing refused left a trace
    }

    [Fact]
    public async Task Briefing_completion_and_withdrawal_follow_the_rules_and_a_closed_assignment_cannot_change()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Järla skola", education);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var un = Answers.Id(await api.CreateCommitteeAsync("Utbildningsnämnden", [education]));

        // Retried with the same Idempotency-Key: one assignment, the first answer again.
        using var first = new HttpRequestMessage(HttpMethod.Post,
            "/api/assignments") { Content = JsonContent.Create(CommitteesClient.IssueBody(un, school, "Läsfrämjande")) };
        first.Headers.Add("Idempotency-Key", "issue-1");
        var issued = await Answers.OkAsync(await api.Http.SendAsync(first, Ct), HttpStatusCode.Created);
        using var retry = new HttpRequestMessage(HttpMethod.Post,
            "/api/assignments") { Content = JsonContent.Create(CommitteesClient.IssueBody(un, school, "Läsfrämjande")) };
        retry.Headers.Add("Idempotency-Key", "issue-1");
        Assert.Equal(Answers.Id(issued), Answers.Id(await Answers.OkAsync(await api.Http.SendAsync(retry, Ct), HttpStatusCode.Created)));
        var id = Answers.Id(issued);

        var future = await Answers.ProblemAsync(await api.Http.PostAsJsonAsync($"/api/assignments/{id}/briefing", new { briefedOn = "2099-01-01" },
            Ct), HttpStatusCode.UnprocessableEntity);
        Assert.True(future["errors"]!.AsObject().ContainsKey("briefedOn"));
        var briefed = await Answers.OkAsync(await api.Http.PostAsJsonAsync($"/api/assignments/{id}/briefing",
            new { briefedOn = "2026-02-01", note = "Ledningsmöte" }, Ct));
        Assert.Equal("2026-02-01", briefed["briefing"]!["briefedOn"]!.GetValue<string>());
        Assert.Equal("already-briefed", (await Answers.ProblemAsync(await api.Http.PostAsJsonAsync($"/api/assignments/{id}/briefing",
            new { briefedOn = "2026-02-02" }, Ct),
            HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        Assert.True((await Answers.ProblemAsync(await api.Http.PostAsJsonAsync($"/api/assignments/{id}/withdraw", new { }, Ct),
            HttpStatusCode.UnprocessableEntity))["errors"]!
            .AsObject().ContainsKey("reason"));

        var completed = await Answers.OkAsync(await api.Http.PostAsJsonAsync($"/api/assignments/{id}/complete",
            new { completedOn = "2026-06-30", reason = "Klart" }, Ct));
        Assert.Equal(("completed", "2026-06-30"), (completed["status"]!.GetValue<string>(), completed["closedOn"]!.GetValue<string>()));
        foreach (var (path, body) in new (string, object)[] { ("withdraw", new { reason = "Ångrat" }), ("complete", new { }), ("briefing", new { }) })
        {
            var closed = await Answers.ProblemAsync(await api.Http.PostAsJsonAsync($"/api/assignments/{id}/{path}", body, Ct), HttpStatusCode.Conflict);
            Assert.Equal("assignment-closed", closed["code"]!.GetValue<string>());
        }

        var asIssued = await api.GetAsync($"/api/assignments/{id}?asOf=2026-03-01");
        Assert.Equal(("issued", "2026-02-01"), (asIssued["status"]!.GetValue<string>(), asIssued["briefing"]!["briefedOn"]!.GetValue<string>()));
        var history = JsonNode.Parse(await api.Http.GetStringAsync($"/api/assignments/{id}/history", Ct))!.AsArray();
        Assert.Equal(["issued", "briefed", "completed"], history.Select(h => h!["change"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_director_sees_what_to_see_to_across_committees_and_a_unit_summary_gives_counts_and_shares()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var city = await organisation.DirectorAsync("Stadsdirektör");
        var school = await organisation.UnitAsync("Älta skola", education);
        var other = await organisation.UnitAsync("Orminge skola", education);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var un = Answers.Id(await api.CreateCommitteeAsync("Utbildningsnämnden", [education]));
        var ks = Answers.Id(await api.CreateCommitteeAsync("Kommunstyrelsen", [city, education], kind: "ExecutiveBoard"));
        var kfn = Answers.Id(await api.CreateCommitteeAsync("Kultur- och fritidsnämnden", [education]));
        foreach (var title in new[] { "Matematik", "Läsning", "Närvaro" })
        {
            await api.IssueAsync(un, school, title);
        }

        await api.IssueAsync(ks, school, "Trygghet");
        var done = await api.IssueAsync(kfn, school, "Skolbibliotek");
        await Answers.OkAsync(await api.Http.PostAsJsonAsync($"/api/assignments/{Answers.Id(done)}/complete", new { completedOn = "2026-03-01" }, Ct));
        await api.IssueAsync(ks, other, "Energi", responsibleDirectorPostId: city);
        await api.IssueAsync(kfn, school, "Nästa års läsfrämjande", from: "2099-01-01"); // not open yet: counted from 2099

        var summary = await api.GetAsync($"/api/assignments/summary?unitId={school}");
        Assert.Equal((4, "Utbildningsnämnden"), (summary["total"]!.GetValue<int>(), summary["mainCommittee"]!["name"]!.GetValue<string>()));
        Assert.Equal([("Utbildningsnämnden", 3, 0.75), ("Kommunstyrelsen", 1, 0.25)],
            summary["committees"]!.AsArray().Select(c => (c!["committee"]!["name"]!.GetValue<string>(), c["count"]!.GetValue<int>(),
                c["share"]!.GetValue<double>())));
        // Each committee's open assignments come with the summary (the composed unit view reads them from it), the latest started first.
        Assert.Equal([["Läsning", "Matematik", "Närvaro"], ["Trygghet"]], summary["committees"]!.AsArray()
            .Select(c => c!["assignments"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToArray()));
        Assert.Equal("Älta skola", summary["unit"]!["name"]!.GetValue<string>());
        // The unit, its open assignments, then their committees' and directors' names: the unit is not read again to name it.
        using (var commands = DatabaseCommands.ForRequestsTo(organisation.Committees))
        {
            var counted = new CommitteesClient(organisation.Committees.CreateClientAs());
            Assert.Equal(summary.ToJsonString(), (await counted.GetAsync($"/api/assignments/summary?unitId={school}")).ToJsonString());
            Assert.Equal(4, commands.Sent);
        }


        // A list's total is the same on every page, also where the page shows the end itself, and past the end.
        foreach (var (page, shown) in new[] { (1, 4), (2, 2), (3, 0) })
        {
            Assert.Equal((shown, 6), await ItemsAndTotalAsync($"/api/assignments?unitId={school}&notBriefed=true&pageSize=4&page={page}"));
        }

        Assert.Equal((6, 6), await ItemsAndTotalAsync($"/api/assignments?unitId={school}&notBriefed=true&pageSize=6"));
        Assert.Equal((2, 6), await ItemsAndTotalAsync($"/api/assignments?unitId={school}&notBriefed=true&pageSize=2&page=3"));

        async Task<(int, int)> ItemsAndTotalAsync(string path)
        {
            var read = await api.GetAsync(path);
            return (read["items"]!.AsArray().Count, read["totalCount"]!.GetValue<int>());
        }

        var educationDirector = await api.GetAsync($"/api/assignments?director={education}&status=issued");
        Assert.Equal(5, educationDirector["totalCount"]!.GetValue<int>()); // three from UN, one from KS and next year's from KFN, across committees
        Assert.Equal(1, (await api.GetAsync($"/api/assignments?director={city}"))["totalCount"]!.GetValue<int>());
        Assert.Equal(6, (await api.GetAsync($"/api/assignments?unitId={school}&notBriefed=true"))["totalCount"]!.GetValue<int>());
        Assert.Equal(1, (await api.GetAsync($"/api/assignments/summary?unitId={school}&asOf=2099-01-01"))["committees"]!.AsArray()
            .Single(c => c!["committee"]!["name"]!.GetValue<string>() == "Kultur- och fritidsnämnden")!["count"]!.GetValue<int>());
        Assert.Equal(0, (await api.GetAsync($"/api/assignments?unitId={school}&asOf=2025-12-31"))["totalCount"]!.GetValue<int>());
        await Answers.ProblemAsync(await api.Http.GetAsync("/api/assignments/summary", Ct), HttpStatusCode.UnprocessableEntity);
        await Answers.ProblemAsync(await api.Http.GetAsync($"/api/assignments/summary?unitId={Guid.NewGuid()}", Ct), HttpStatusCode.NotFound);
    }
}
