using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nacka.Contracts;
using Nacka.Contracts.Mandates;
using Nacka.Contracts.Units;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Testing;
using Nacka.Units.Data;
using Xunit;
using static Nacka.Units.Tests.Api.UnitsClient;

namespace Nacka.Units.Tests.Api;

/// <summary>The Units API on real PostgreSQL and RabbitMQ, each test in a database of its own.</summary>
public sealed class UnitsApiTests(TestInfrastructure infrastructure)
{
    private ServiceFactory<Program> NewService() => new(infrastructure, UnitsDbContext.ConnectionName);

    [Fact]
    public async Task A_registered_unit_reads_back_with_its_ETag_status_and_director()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = await api.CreateDirectorAsync("Utbildningsdirektör", "Anna Svensson");

        var created = await api.CreateUnitAsync("Förskolan Ugglan", Id(director), identifiers: [new { scheme = "skolenhetskod", value = "12345678" }]);
        var response = await api.Http.GetAsync($"/api/units/{Id(created)}");
        var unit = await OkAsync(response);

        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("Förskolan Ugglan", unit["name"]!.GetValue<string>());
        Assert.Equal("active", unit["status"]!.GetValue<string>());
        Assert.Equal("Rektor", unit["managerTitle"]!.GetValue<string>());
        Assert.Equal("Utbildningsdirektör", unit["reportsTo"]!["title"]!.GetValue<string>());
        Assert.Equal("Anna Svensson", unit["reportsTo"]!["holderName"]!.GetValue<string>());
        Assert.Equal("12345678", unit["identifiers"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("Nacka", unit["visitingAddress"]!["city"]!.GetValue<string>());
        // The write's answer is built from what the registration checked, not read again: it must say what a read says.
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(unit, created), $"answer {created}\nread {unit}");
    }

    [Fact]
    public async Task A_unit_read_shows_its_director_and_manager_as_they_stood_on_the_date_asked()
    {
        // The read takes the unit, its director post and its manager in one query: each must still be the one of that date.
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var unit = await UnitWithLeadersAsync(service, api, "Skogsbrynets förskola");

        async Task<(string? Manager, string Director)> OnAsync(string date)
        {
            var read = await api.GetAsync($"/api/units/{unit}?asOf={date}");
            return (read["manager"]?["name"]?.GetValue<string>(), read["reportsTo"]!["holderName"]!.GetValue<string>());
        }

        Assert.Equal(("Cecilia Berg", "Anna Svensson"), await OnAsync("2022-05-01"));
        Assert.Equal(("David Lind", "Anna Svensson"), await OnAsync("2024-07-01"));
        Assert.Equal(("David Lind", "Björn Ek"), await OnAsync("2026-06-30"));
        Assert.Equal(((string?)null, "Björn Ek"), await OnAsync("2026-07-01"));
    }

    [Fact]
    public async Task A_changes_answer_shows_the_director_and_manager_of_the_changes_date_as_a_read_of_that_date_does()
    {
        // A write's answer takes the director post and the manager in one query of its own (not the read's): it must say what a read
        // of the change's date says, on every date, ahead of today and behind it.
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var unit = await UnitWithLeadersAsync(service, api, "Tallbackens förskola");

        async Task<(string? Manager, string Director)> RenamedOnAsync(string date)
        {
            var answer = await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{unit}/rename",
                new { name = $"Tallbackens förskola {date}", validFrom = date, reason = "Nytt namn" }));
            var read = await api.GetAsync($"/api/units/{unit}?asOf={date}");
            Assert.True(JsonNode.DeepEquals(answer, read), $"answer {answer}\nread {read}");
            return (answer["manager"]?["name"]?.GetValue<string>(), answer["reportsTo"]!["holderName"]!.GetValue<string>());
        }

        // In the order a registrar might: a change scheduled ahead, then corrections dated behind it.
        Assert.Equal(((string?)null, "Björn Ek"), await RenamedOnAsync("2027-01-01"));
        Assert.Equal(("David Lind", "Björn Ek"), await RenamedOnAsync("2026-06-30"));
        Assert.Equal(("Cecilia Berg", "Anna Svensson"), await RenamedOnAsync("2022-05-01"));
        Assert.Equal(("David Lind", "Anna Svensson"), await RenamedOnAsync("2024-07-01"));
    }

    /// <summary>
    /// A unit from 2021 whose director post was held by Anna Svensson, then by Björn Ek from 2026-03-01, and which Cecilia Berg led
    /// until 2024-07-01, then David Lind through 2026-06-30 (the mandates as Mandates' events leave them in Units' read model).
    /// </summary>
    private static async Task<Guid> UnitWithLeadersAsync(ServiceFactory<Program> service, UnitsClient api, string name)
    {
        var director = await api.CreateDirectorAsync("Utbildningsdirektör", "Anna Svensson", createdOn: "2020-01-01");
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/directors/{Id(director)}/appointments",
            new { name = "Björn Ek", validFrom = "2026-03-01", reason = "Ny direktör" }));
        var unit = Id(await api.CreateUnitAsync(name, Id(director), establishedOn: "2021-01-01"));
        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UnitsDbContext>();
        db.UnitManagers.AddRange(
            Mandate(unit, "Cecilia Berg", "2021-01-01", endedOn: "2024-07-01"),
            Mandate(unit, "David Lind", "2024-07-01", validTo: "2026-06-30"));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return unit;
    }

    [Fact]
    public async Task A_unit_read_as_recorded_at_a_moment_shows_the_director_and_manager_recorded_by_then()
    {
        // knownAt asks how the register stood at a moment: what the unit's answer shows beside it (its director and its manager) must stand
        // as it did then too, not as recorded since. Mandates reach Units as events, each with the moment Mandates recorded it.
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = await api.CreateDirectorAsync("Utbildningsdirektör", "Anna Svensson", createdOn: "2020-01-01");
        var unit = Id(await api.CreateUnitAsync("Ekbackens förskola", Id(director), establishedOn: "2021-01-01"));
        var cecilia = Guid.CreateVersion7();
        var david = Guid.CreateVersion7();
        // Each step recorded a moment after the one before, in a registrar's order; the moments between are asked below.
        async Task<DateTimeOffset> MomentAsync()
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
            var moment = DateTimeOffset.UtcNow;
            await Task.Delay(5, TestContext.Current.CancellationToken);
            return moment;
        }

        var beforeAnyMandate = await MomentAsync();
        await ApplyAsync(Granted(cecilia, unit, "Cecilia Berg", "2021-01-01", DateTimeOffset.UtcNow));
        var withCecilia = await MomentAsync();
        // David Lind takes over from 2024-07-01: Cecilia Berg's mandate ends that day (superseded).
        var handover = DateTimeOffset.UtcNow;
        await ApplyAsync(new MandateEnded(Guid.NewGuid(), handover, cecilia, 2, unit, "Ekbackens förskola", new MandateHolder("Cecilia Berg", null),
            DateOnly.Parse("2024-07-01"), MandateEndReasons.Superseded, david, null));
        await ApplyAsync(Granted(david, unit, "David Lind", "2024-07-01", handover));
        var withDavid = await MomentAsync();
        // The director appointed from 2026-03-01, recorded after every moment asked below.
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/directors/{Id(director)}/appointments",
            new { name = "Björn Ek", validFrom = "2026-03-01", reason = "Ny direktör" }));

        async Task<(string? Manager, string Director)> ReadAsync(string query)
        {
            var read = await api.GetAsync($"/api/units/{unit}?{query}");
            var page = await api.GetAsync($"/api/units?q=Ekbackens&status=all&{query}");
            var listed = Assert.Single(page["items"]!.AsArray())!;
            Assert.True(JsonNode.DeepEquals(read, listed), $"read {read}\nlisted {listed}");
            return (read["manager"]?["name"]?.GetValue<string>(), read["reportsTo"]!["holderName"]!.GetValue<string>());
        }

        static string Known(DateTimeOffset at) => $"knownAt={Uri.EscapeDataString(at.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}";
        Assert.Equal(((string?)null, "Anna Svensson"), await ReadAsync($"asOf=2027-01-01&{Known(beforeAnyMandate)}"));
        Assert.Equal(("Cecilia Berg", "Anna Svensson"), await ReadAsync($"asOf=2027-01-01&{Known(withCecilia)}"));
        Assert.Equal(("David Lind", "Anna Svensson"), await ReadAsync($"asOf=2027-01-01&{Known(withDavid)}"));
        Assert.Equal(("Cecilia Berg", "Anna Svensson"), await ReadAsync($"asOf=2024-06-30&{Known(withDavid)}"));
        // The same moment written in Swedish winter time (+01:00) is the same moment.
        Assert.Equal(("Cecilia Berg", "Anna Svensson"), await ReadAsync($"asOf=2027-01-01&{Known(withCecilia.ToOffset(TimeSpan.FromHours(1)))}"));
        Assert.Equal(("David Lind", "Björn Ek"), await ReadAsync("asOf=2027-01-01"));

        // "Without a manager" asks the same question of the same moment.
        async Task<int> WithoutManagerAsync(string query) =>
            (await api.GetAsync($"/api/units?q=Ekbackens&withoutManager=true&{query}"))["items"]!.AsArray().Count;
        Assert.Equal(1, await WithoutManagerAsync($"asOf=2027-01-01&{Known(beforeAnyMandate)}"));
        Assert.Equal(0, await WithoutManagerAsync($"asOf=2027-01-01&{Known(withCecilia)}"));
        Assert.Equal(0, await WithoutManagerAsync("asOf=2027-01-01"));

        Task<int> ApplyAsync(Nacka.Contracts.IIntegrationEvent e) => PublishedEvents.ApplyAsync<UnitsDbContext>(service.Services, e);
    }

    private static MandateGranted Granted(Guid mandate, Guid unit, string holder, string validFrom, DateTimeOffset recordedAt) =>
        new(Guid.NewGuid(), recordedAt, mandate, 1, unit, "Ekbackens förskola", new MandateHolder(holder, null), ManagerTitle.Rektor, [MandateArea.Economy],
            new MandateDecision(Guid.NewGuid(), "Kommunstyrelsen", DateOnly.Parse(validFrom).AddMonths(-1), "§ 12", "KFKS 2020/12"),
            DateOnly.Parse(validFrom), null, null);

    private static Nacka.Units.Managers.UnitManager Mandate(Guid unit, string holder, string validFrom, string? validTo = null, string? endedOn = null) =>
        new()
        {
            MandateId = Guid.CreateVersion7(), UnitId = unit, HolderName = holder, Title = "Rektor", ValidFrom = DateOnly.Parse(validFrom),
            ValidTo = validTo is null ? null : DateOnly.Parse(validTo), EndedOn = endedOn is null ? null : DateOnly.Parse(endedOn), DecidedBy = "KS",
            DecidedOn = DateOnly.Parse(validFrom).AddMonths(-1), Paragraph = "§ 12", CaseNumber = "KFKS 2020/12",
        };

    [Fact]
    public async Task Every_rule_answers_with_a_clear_status_and_changes_nothing()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var held = await api.CreateDirectorAsync("Utbildningsdirektör");
        var vacant = await api.CreateDirectorAsync("Välfärdsdirektör", holder: null);
        var unit = await api.CreateUnitAsync("Sickla skola", Id(held), "grundskola", identifiers: [new { scheme = "skolenhetskod", value = "87654321" }]);
        var dissolved = await api.CreateUnitAsync("Gamla skolan", Id(held), "grundskola");
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(dissolved)}/dissolve", new { dissolvedOn = "2025-06-30", reason = "Nedlagd" }));

        var duplicateName = await ProblemAsync(await api.Http.PostAsJsonAsync("/api/units", UnitBody("sickla skola", Id(held), "grundskola")),
            HttpStatusCode.Conflict);
        Assert.Equal("duplicate-name", duplicateName["code"]!.GetValue<string>());

        var duplicateIdentifier = await ProblemAsync(await api.Http.PostAsJsonAsync("/api/units",
            UnitBody("Nya skolan", Id(held), "grundskola", identifiers: [new { scheme = "skolenhetskod", value = "87654321" }])), HttpStatusCode.Conflict);
        Assert.Equal("duplicate-identifier", duplicateIdentifier["code"]!.GetValue<string>());

        var badIdentifier = await ProblemAsync(await api.Http.PostAsJsonAsync("/api/units",
            UnitBody("Nya skolan", Id(held), identifiers: [new { scheme = "organisationsnummer", value = "212000-0168" }])),
                HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Luhn", badIdentifier["errors"]!["identifiers[0]"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var badKind = await ProblemAsync(await api.Http.PostAsJsonAsync("/api/units", UnitBody("Nya skolan", Id(held), kind: "fabrik")),
            HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(badKind["errors"]!["kind"]);

        var vacantLine = await ProblemAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(unit)}/reporting-line",
            new { directorPostId = Id(vacant), reason = "Omorganisation" }), HttpStatusCode.Conflict);
        Assert.Equal("director-post-vacant", vacantLine["code"]!.GetValue<string>());

        var changeDissolved = await ProblemAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(dissolved)}/rename",
            new { name = "Gamla skolan 2", reason = "Nytt namn" }), HttpStatusCode.Conflict);
        Assert.Equal("unit-dissolved", changeDissolved["code"]!.GetValue<string>());

        var backdated = await ProblemAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(unit)}/rename",
            new { name = "Sickla skola F-9", validFrom = "2023-01-01", reason = "Nytt namn" }), HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(backdated["errors"]!["validFrom"]);

        var noReason = await ProblemAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(unit)}/rename", new { name = "Sickla skola F-9" }),
            HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(noReason["errors"]!["reason"]);

        var dissolveBeforeEstablished = await ProblemAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(unit)}/dissolve",
            new { dissolvedOn = "2023-12-31", reason = "Fel" }), HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(dissolveBeforeEstablished["errors"]);

        var anonymousDecision = await ProblemAsync(await api.Http.PostAsJsonAsync($"/api/directors/{Id(vacant)}/appointments",
            new { name = "Karin Lund", decision = new { body = " ", date = "2026-05-12" } }), HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(anonymousDecision["errors"]!["decision.body"]);
        var decisionNotYetTaken = await ProblemAsync(await api.Http.PostAsJsonAsync($"/api/directors/{Id(vacant)}/appointments",
            new { name = "Karin Lund", validFrom = "2099-02-01", decision = new { body = "KS", date = "2099-01-15" } }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["decision.date"], decisionNotYetTaken["errors"]!.AsObject().Select(e => e.Key));
        Assert.True((await api.GetAsync($"/api/directors/{Id(vacant)}"))["vacant"]!.GetValue<bool>());

        await ProblemAsync(await api.Http.GetAsync($"/api/units/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await ProblemAsync(await api.Http.PostAsJsonAsync($"/api/units/{Guid.NewGuid()}/rename", new { name = "X", reason = "Y" }), HttpStatusCode.NotFound);

        using var malformed = new StringContent("{ \"name\": ", System.Text.Encoding.UTF8, "application/json");
        var badJson = await api.Http.PostAsync("/api/units", malformed);
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);

        // A misspelt field is refused, naming it, rather than dropped (here the rename would otherwise take effect today).
        var misspelt = await ProblemAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(unit)}/rename",
            new { name = "Förskolan Stavfel", validForm = "2030-01-01", reason = "Fel" }), HttpStatusCode.BadRequest);
        Assert.Contains("validForm", misspelt.ToJsonString(), StringComparison.Ordinal);

        // Nothing above changed anything: two units, unchanged since their last good change.
        var all = await api.GetAsync("/api/units?status=all");
        Assert.Equal(2, all["totalCount"]!.GetValue<int>());
        Assert.Single((await api.Http.GetFromJsonAsync<JsonArray>($"/api/units/{Id(unit)}/history"))!);
    }

    [Fact]
    public async Task Names_that_read_the_same_are_one_name_whatever_the_keyboard_sent()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");
        await api.CreateUnitAsync("\u00C5ngens skola", Id(director));

        var decomposed = await ProblemAsync(await api.Http.PostAsJsonAsync("/api/units", UnitsClient.UnitBody("A\u030Angens  skola", Id(director))),
            HttpStatusCode.Conflict);

        Assert.Equal("duplicate-name", decomposed["code"]!.GetValue<string>());
        Assert.Equal(1, (await api.GetAsync("/api/units?q=ngens"))["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Two_updates_with_the_same_IfMatch_one_wins_and_the_other_gets_412()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");
        var unit = await api.CreateUnitAsync("Förskolan Björnen", Id(director));

        async Task<HttpStatusCode> UpdateAsync(string shortName)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/units/{Id(unit)}/details")
            {
                Content = JsonContent.Create(new { shortName, kind = "forskola", managerTitle = "Rektor", identifiers = Array.Empty<object>() }),
            };
            request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
            return (await api.Http.SendAsync(request)).StatusCode;
        }

        var results = await Task.WhenAll(UpdateAsync("Björnen A"), UpdateAsync("Björnen B"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], results.Order());
        var history = (await api.Http.GetFromJsonAsync<JsonArray>($"/api/units/{Id(unit)}/history"))!;
        Assert.Equal(2, history.Count);
        Assert.Equal(HttpStatusCode.PreconditionFailed, await UpdateAsync("Björnen C")); // still version 1 in If-Match: stale
    }

    [Fact]
    public async Task IfMatch_compares_strongly_a_weak_tag_of_the_current_version_is_412_and_changes_nothing()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");
        var unit = await api.CreateUnitAsync("Förskolan Lodjuret", Id(director));

        async Task<HttpStatusCode> UpdateAsync(string ifMatch)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/units/{Id(unit)}/details")
            {
                Content = JsonContent.Create(new { shortName = "Lodjuret", kind = "forskola", managerTitle = "Rektor", identifiers = Array.Empty<object>() }),
            };
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            return (await api.Http.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.PreconditionFailed, await UpdateAsync("W/\"1\""));
        Assert.Single((await api.Http.GetFromJsonAsync<JsonArray>($"/api/units/{Id(unit)}/history"))!);
        Assert.Equal(HttpStatusCode.OK, await UpdateAsync("\"1\""));
    }

    [Fact]
    public async Task AsOf_reads_and_history_show_a_rename_and_a_reporting_line_change()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var education = await api.CreateDirectorAsync("Utbildningsdirektör", "Anna Svensson");
        var welfare = await api.CreateDirectorAsync("Välfärdsdirektör", "Karin Lund");
        var unit = await api.CreateUnitAsync("Fisksätra skola", Id(education), "grundskola", establishedOn: "2024-01-01");

        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(unit)}/rename", new
        {
            name = "Fisksätra skola och fritidshem",
            validFrom = "2025-08-01",
            decision = new { body = "KS", date = "2025-05-12", paragraph = "§ 123", caseNumber = "KFKS 2025/123" },
        }));
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(unit)}/reporting-line", new
        {
            directorPostId = Id(welfare),
            validFrom = "2026-01-01",
            reason = "Elevhälsan flyttas till välfärdsprocessen",
        }));

        var before = await api.GetAsync($"/api/units/{Id(unit)}?asOf=2025-07-31");
        var between = await api.GetAsync($"/api/units/{Id(unit)}?asOf=2025-12-31");
        var after = await api.GetAsync($"/api/units/{Id(unit)}?asOf=2026-01-01");
        Assert.Equal(("Fisksätra skola", "Utbildningsdirektör"), (before["name"]!.GetValue<string>(), before["reportsTo"]!["title"]!.GetValue<string>()));
        Assert.Equal(("Fisksätra skola och fritidshem", "Utbildningsdirektör"),
            (between["name"]!.GetValue<string>(), between["reportsTo"]!["title"]!.GetValue<string>()));
        Assert.Equal(("Fisksätra skola och fritidshem", "Välfärdsdirektör"),
            (after["name"]!.GetValue<string>(), after["reportsTo"]!["title"]!.GetValue<string>()));
        Assert.Equal("Karin Lund", after["reportsTo"]!["holderName"]!.GetValue<string>());

        var educationUnits2025 = await api.Http.GetFromJsonAsync<JsonArray>($"/api/directors/{Id(education)}/units?asOf=2025-12-31");
        var educationUnits2026 = await api.Http.GetFromJsonAsync<JsonArray>($"/api/directors/{Id(education)}/units?asOf=2026-01-01");
        Assert.Single(educationUnits2025!);
        Assert.Empty(educationUnits2026!);

        var history = (await api.Http.GetFromJsonAsync<JsonArray>($"/api/units/{Id(unit)}/history"))!;
        Assert.Equal(["established", "renamed", "reporting-line-changed"], history.Select(h => h!["change"]!.GetValue<string>()));
        Assert.All(history, h => Assert.Equal("Test Registrar", h!["recordedBy"]!.GetValue<string>()));
        Assert.Equal("KFKS 2025/123", history[1]!["decision"]!["caseNumber"]!.GetValue<string>());
        Assert.Equal("2025-08-01", history[1]!["validFrom"]!.GetValue<string>());
        Assert.Equal("Elevhälsan flyttas till välfärdsprocessen", history[2]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lists_are_filtered_by_kind_director_status_and_text_and_paginated()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var education = await api.CreateDirectorAsync("Utbildningsdirektör");
        var technical = await api.CreateDirectorAsync("Teknisk direktör", "Per Holm");
        foreach (var name in new[] { "Förskolan Ekorren", "Förskolan Igelkotten", "Förskolan Myran" })
        {
            await api.CreateUnitAsync(name, Id(education));
        }

        await api.CreateUnitAsync("Park och natur", Id(technical), "teknisk-verksamhet");
        await api.CreateUnitAsync("Förskolan Planerad", Id(education), establishedOn: "2099-08-01");

        var firstPage = await api.GetAsync("/api/units?kind=forskola&pageSize=2&page=1");
        var secondPage = await api.GetAsync("/api/units?kind=forskola&pageSize=2&page=2");
        Assert.Equal(4, firstPage["totalCount"]!.GetValue<int>());
        Assert.Equal(["Förskolan Ekorren", "Förskolan Igelkotten"], firstPage["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        Assert.Equal(["Förskolan Myran", "Förskolan Planerad"], secondPage["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));

        Assert.Equal(1, (await api.GetAsync($"/api/units?director={Id(technical)}"))["totalCount"]!.GetValue<int>());
        Assert.Equal(1, (await api.GetAsync("/api/units?q=igelk"))["totalCount"]!.GetValue<int>());
        Assert.Equal("planned", (await api.GetAsync("/api/units?status=planned"))["items"]![0]!["status"]!.GetValue<string>());
        await ProblemAsync(await api.Http.GetAsync("/api/units?pageSize=500"), HttpStatusCode.UnprocessableEntity);
        await ProblemAsync(await api.Http.GetAsync("/api/units?status=closed"), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Merge_and_split_keep_predecessor_and_successor_links_and_dissolve_what_ends()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");
        var target = await api.CreateUnitAsync("Förskolan Sjöstjärnan", Id(director));
        var source = await api.CreateUnitAsync("Förskolan Snäckan", Id(director));
        var toSplit = await api.CreateUnitAsync("Älta skola", Id(director), "grundskola");

        var merged = await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(target)}/merge",
            new { sourceUnitIds = new[] { Id(source) }, validFrom = "2026-01-01", reason = "Sammanslagning" }));
        var split = await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(toSplit)}/split", new
        {
            validFrom = "2026-01-01",
            reason = "Delas i två skolor",
            successors = new[] { UnitBody("Älta skola F-3", Id(director), "grundskola"), UnitBody("Älta skola 4-9", Id(director), "grundskola") },
        }));

        Assert.Equal([Id(source)], merged["predecessorIds"]!.AsArray().Select(i => i!.GetValue<Guid>()));
        var sourceAfter = await api.GetAsync($"/api/units/{Id(source)}?asOf=2026-01-01");
        Assert.Equal("dissolved", sourceAfter["status"]!.GetValue<string>());
        Assert.Equal([Id(target)], sourceAfter["successorIds"]!.AsArray().Select(i => i!.GetValue<Guid>()));

        Assert.Equal("dissolved", split["status"]!.GetValue<string>());
        var successorIds = split["successorIds"]!.AsArray().Select(i => i!.GetValue<Guid>()).ToList();
        Assert.Equal(2, successorIds.Count);
        foreach (var successorId in successorIds)
        {
            var successor = await api.GetAsync($"/api/units/{successorId}?asOf=2026-01-01");
            Assert.Equal([Id(toSplit)], successor["predecessorIds"]!.AsArray().Select(i => i!.GetValue<Guid>()));
            Assert.Equal("active", successor["status"]!.GetValue<string>());
        }

        // The dissolved names are free again for new units.
        await api.CreateUnitAsync("Förskolan Snäckan", Id(director), establishedOn: "2026-02-01");
    }

    [Fact]
    public async Task Each_change_publishes_its_event_with_the_display_names_subscribers_need()
    {
        var exchanges = EventCatalog.All.Where(t => t.Namespace == typeof(UnitEstablished).Namespace).Select(t => EventNaming.For(t).Exchange).ToArray();
        await using var subscriber = await PlainSubscriber.BindAsync(infrastructure.MessagingConnectionString, exchanges);
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());

        var education = await api.CreateDirectorAsync("Utbildningsdirektör", "Anna Svensson");          // created + appointed
        var welfare = await api.CreateDirectorAsync("Välfärdsdirektör", "Karin Lund");                   // created + appointed
        var unit = await api.CreateUnitAsync("Järla skola", Id(education), "grundskola");                // established
        var other = await api.CreateUnitAsync("Nacka gymnasium", Id(education), "gymnasieskola");        // established
        var details = new { shortName = "Järla", kind = "grundskola", managerTitle = "Rektor",
            identifiers = new[] { new { scheme = "skolenhetskod", value = "11223344" } } };
        await OkAsync(await api.Http.PutAsJsonAsync($"/api/units/{Id(unit)}/details", details));                                       // details changed
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(unit)}/rename",
            new { name = "Järla skola F-9", reason = "Ny inriktning" }));        // renamed
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(unit)}/reporting-line",
            new { directorPostId = Id(welfare), reason = "Ny process" })); // line changed
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(unit)}/merge",
            new { sourceUnitIds = new[] { Id(other) }, reason = "Samlokalisering" })); // merged + dissolved
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(unit)}/split",
            new                                                // 2 established + split + dissolved
        {
            reason = "Delas",
            successors = new[] { UnitBody("Järla skola F-3", Id(welfare), "grundskola"), UnitBody("Järla skola 4-9", Id(welfare), "grundskola") },
        }));
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/directors/{Id(welfare)}/vacate", new { reason = "Går i pension" }));      // vacated

        // Other tests publish on the same exchanges: take the deliveries of this service's own events.
        var feed = await api.GetAsync("/events?after=0&limit=100");
        for (var wait = 0; wait < 50 && feed["events"]!.AsArray().Count < 16; wait++)
        {
            await Task.Delay(100); // the sequencer puts commits into the feed within a second
            feed = await api.GetAsync("/events?after=0&limit=100");
        }

        var fed = feed["events"]!.AsArray().ToDictionary(e => e!["eventId"]!.GetValue<Guid>(), e => e!["payload"]);
        Assert.Equal(16, fed.Count);
        var deliveries = await subscriber.ReceiveAsync(16, TimeSpan.FromSeconds(60), d => Guid.TryParse(d.MessageId, out var id) && fed.ContainsKey(id));
        var events = deliveries.Select(d => (Type: d.Header("cloudEvents:type")!, Body: JsonNode.Parse(d.Body)!.AsObject())).ToList();
        JsonObject Single(string name) => Assert.Single(events, e => e.Type == $"se.nacka.org.units.{name}.v1").Body;

        Assert.Equal(2, events.Count(e => e.Type.EndsWith("director-post-created.v1", StringComparison.Ordinal)));
        Assert.Equal(2, events.Count(e => e.Type.EndsWith("director-appointed.v1", StringComparison.Ordinal)));
        Assert.Equal(4, events.Count(e => e.Type.EndsWith("unit-established.v1", StringComparison.Ordinal)));
        Assert.Equal(2, events.Count(e => e.Type.EndsWith("unit-dissolved.v1", StringComparison.Ordinal)));

        // Deliveries of different units may interleave (per-entity order is what the dispatcher keeps): take this unit's.
        var established = events.First(e => e.Type.EndsWith("unit-established.v1", StringComparison.Ordinal)
            && e.Body["unitId"]!.GetValue<Guid>() == Id(unit)).Body;
        Assert.Equal(("Järla skola", "Utbildningsdirektör", "Anna Svensson", 1),
            (established["name"]!.GetValue<string>(), established["reportsTo"]!["title"]!.GetValue<string>(),
                established["reportsTo"]!["holderName"]!.GetValue<string>(), established["version"]!.GetValue<int>()));
        Assert.Equal("11223344", Single("unit-details-changed")["identifiers"]![0]!["value"]!.GetValue<string>());
        var renamed = Single("unit-renamed");
        Assert.Equal(("Järla skola", "Järla skola F-9", 3), (renamed["previousName"]!.GetValue<string>(), renamed["name"]!.GetValue<string>(),
            renamed["version"]!.GetValue<int>()));
        var line = Single("unit-reporting-line-changed");
        Assert.Equal(("Utbildningsdirektör", "Välfärdsdirektör", "Karin Lund"),
            (line["previousReportsTo"]!["title"]!.GetValue<string>(), line["reportsTo"]!["title"]!.GetValue<string>(),
                line["reportsTo"]!["holderName"]!.GetValue<string>()));
        Assert.Equal("Nacka gymnasium", Single("units-merged")["mergedUnits"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(2, Single("unit-split")["successors"]!.AsArray().Count);
        Assert.Equal("Karin Lund", Single("director-post-vacated")["previousHolderName"]!.GetValue<string>());

        // The replay feed serves the same JSON documents RabbitMQ delivered.
        Assert.All(events, e => Assert.True(JsonNode.DeepEquals(e.Body, fed[e.Body["eventId"]!.GetValue<Guid>()]), e.Body.ToJsonString()));

        // Per unit, versions arrive contiguous from 1.
        var unitVersions = events.Where(e => e.Body["unitId"]?.GetValue<Guid>() == Id(unit)).Select(e => e.Body["version"]!.GetValue<int>()).ToList();
        Assert.Equal(Enumerable.Range(1, unitVersions.Count), unitVersions);
    }

    [Fact]
    public async Task A_retried_create_with_the_same_Idempotency_Key_returns_the_first_result_instead_of_a_duplicate()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");

        async Task<HttpResponseMessage> PostAsync(string name, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/units") { Content = JsonContent.Create(UnitBody(name, Id(director))) };
            request.Headers.Add("Idempotency-Key", key);
            return await api.Http.SendAsync(request);
        }

        var first = await OkAsync(await PostAsync("Förskolan Vitsippan", "create-vitsippan-1"), HttpStatusCode.Created);
        var retry = await PostAsync("Förskolan Vitsippan", "create-vitsippan-1");
        var replayed = await OkAsync(retry, HttpStatusCode.Created);
        var reused = await ProblemAsync(await PostAsync("Förskolan Blåsippan", "create-vitsippan-1"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(Id(first), Id(replayed));
        Assert.Equal($"/api/units/{Id(first)}", retry.Headers.Location?.OriginalString);
        Assert.NotNull(reused["errors"]!["Idempotency-Key"]);
        Assert.Equal(1, (await api.GetAsync("/api/units?status=all"))["totalCount"]!.GetValue<int>());

        // A failed request is forgotten: the key can be used again once the body is right.
        await ProblemAsync(await PostAsync("Förskolan Vitsippan", "create-2"), HttpStatusCode.Conflict);
        await OkAsync(await PostAsync("Förskolan Blåsippan", "create-2"), HttpStatusCode.Created);

        // Nothing of a key is left by a request that failed or died before commit: no "pending" state to wait out.
        Assert.Equal(2, await CountIdempotencyKeysAsync(service));
    }

    private static async Task<int> CountIdempotencyKeysAsync(ServiceFactory<Program> service)
    {
        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UnitsDbContext>();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Set<Nacka.Records.Idempotency.IdempotencyRecord>());
    }
}
