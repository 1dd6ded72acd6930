using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nacka.Testing;
using Nacka.Units.Data;
using Xunit;
using static Nacka.Units.Tests.Api.UnitsClient;

namespace Nacka.Units.Tests.Api;

/// <summary>
/// Changes recorded in the order a registrar makes them — a reorganisation decided in November
/// for January, then a correction dated today — each read right on every date, and at every
/// moment of recording (knownAt). Real PostgreSQL, the real HTTP pipeline.
/// </summary>
public sealed class EffectiveDatingTests(TestInfrastructure infrastructure)
{
    private const string Scheduled = "2099-01-01";

    private ServiceFactory<Program> NewService() => new(infrastructure, UnitsDbContext.ConnectionName);

    private static object Details(string shortName, object[]? identifiers = null, string? validFrom = null) => new
    {
        shortName, kind = "grundskola", managerTitle = "Rektor", identifiers = identifiers ?? [], validFrom,
    };

    [Fact]
    public async Task A_rename_scheduled_ahead_does_not_freeze_the_unit_a_correction_dated_today_holds_on_every_date_and_the_rename_still_takes_effect()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");
        var unit = Id(await api.CreateUnitAsync("Sickla skola", Id(director), "grundskola"));
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{unit}/rename",
            new { name = "Sickla skola F-9", validFrom = Scheduled, reason = "Beslut i KS" }));
        var beforeCorrection = DateTimeOffset.UtcNow;

        var corrected = await OkAsync(await api.Http.PutAsJsonAsync($"/api/units/{unit}/details", Details("Sickla")));

        Assert.Equal(("Sickla skola", "Sickla", 3), (corrected["name"]!.GetValue<string>(), corrected["shortName"]!.GetValue<string>(),
            corrected["version"]!.GetValue<int>()));
        var today = await api.GetAsync($"/api/units/{unit}");
        var afterRename = await api.GetAsync($"/api/units/{unit}?asOf=2099-02-01");
        Assert.Equal(("Sickla skola", "Sickla"), (today["name"]!.GetValue<string>(), today["shortName"]!.GetValue<string>()));
        Assert.Equal(("Sickla skola F-9", "Sickla"), (afterRename["name"]!.GetValue<string>(), afterRename["shortName"]!.GetValue<string>()));

        // What the register said about 2099 before the correction was recorded: the rename, without it.
        var known = await api.GetAsync($"/api/units/{unit}?asOf=2099-02-01&knownAt={Uri.EscapeDataString(beforeCorrection.ToString("O"))}");
        Assert.Equal("Sickla skola F-9", known["name"]!.GetValue<string>());
        Assert.Null(known["shortName"]);

        var history = (await api.Http.GetFromJsonAsync<JsonArray>($"/api/units/{unit}/history", TestContext.Current.CancellationToken))!;
        Assert.Equal(["established", "renamed", "details-changed"], history.Select(h => h!["change"]!.GetValue<string>()));
        Assert.Equal("Sickla skola", history[2]!["state"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_change_dated_between_two_past_changes_holds_until_the_next_change_of_the_same_attribute()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var education = await api.CreateDirectorAsync("Utbildningsdirektör");
        var welfare = await api.CreateDirectorAsync("Välfärdsdirektör", "Karin Lund");
        var unit = Id(await api.CreateUnitAsync("Fisksätra skola", Id(education), "grundskola", establishedOn: "2020-01-01"));
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{unit}/rename",
            new { name = "Fisksätra skola och fritidshem", validFrom = "2024-01-01", reason = "KS" }));

        // Recorded later, dated before the rename: a new reporting line from 2022, and a rename from 2023 that the 2024 rename overrides.
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{unit}/reporting-line",
            new { directorPostId = Id(welfare), validFrom = "2022-01-01", reason = "Omorg." }));
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{unit}/rename",
            new { name = "Fisksätra grundskola", validFrom = "2023-01-01", reason = "KS" }));

        async Task<(string Name, string Director)> OnAsync(string date)
        {
            var read = await api.GetAsync($"/api/units/{unit}?asOf={date}");
            return (read["name"]!.GetValue<string>(), read["reportsTo"]!["title"]!.GetValue<string>());
        }

        Assert.Equal(("Fisksätra skola", "Utbildningsdirektör"), await OnAsync("2021-06-01"));
        Assert.Equal(("Fisksätra skola", "Välfärdsdirektör"), await OnAsync("2022-06-01"));
        Assert.Equal(("Fisksätra grundskola", "Välfärdsdirektör"), await OnAsync("2023-06-01"));
        Assert.Equal(("Fisksätra skola och fritidshem", "Välfärdsdirektör"), await OnAsync("2024-06-01"));
        Assert.Equal(("Fisksätra skola och fritidshem", "Välfärdsdirektör"), await OnAsync("2099-06-01"));
    }

    /// <summary>
    /// Found by <see cref="NameUniquenessModelTests"/>: whether a later change set an attribute is judged on the change as it
    /// was made. A rename from 2026 to the name that a correction then also gave from 2020 looked, by its value alone, like a
    /// segment that set no name, so a second correction from 2020 ran over it.
    /// </summary>
    [Fact]
    public async Task A_scheduled_rename_stays_a_rename_after_an_earlier_correction_gave_the_same_name_so_a_second_correction_stops_at_it()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");
        var unit = Id(await api.CreateUnitAsync("Ekens skola", Id(director), "grundskola", establishedOn: "2020-01-01"));
        async Task RenameAsync(string name, string validFrom) =>
            await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{unit}/rename", new { name, validFrom, reason = "KS" }));

        await RenameAsync("Ängens skola", "2026-01-01");
        await RenameAsync("Ängens skola", "2021-01-01");
        await RenameAsync("Björkens skola", "2021-01-01");

        async Task<string> NameOnAsync(string date) => (await api.GetAsync($"/api/units/{unit}?asOf={date}"))["name"]!.GetValue<string>();
        Assert.Equal(["Ekens skola", "Björkens skola", "Ängens skola"],
            [await NameOnAsync("2020-06-01"), await NameOnAsync("2025-12-31"), await NameOnAsync("2026-01-01")]);
    }

    [Fact]
    public async Task A_dissolution_scheduled_ahead_leaves_the_unit_changeable_before_it_and_read_only_from_it()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");
        var unit = Id(await api.CreateUnitAsync("Ältadalens skola", Id(director), "grundskola"));
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{unit}/dissolve", new { dissolvedOn = Scheduled, reason = "Läggs ned" }));

        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{unit}/rename", new { name = "Ältadalens skola F-6", reason = "Nytt namn" }));
        var refused = await ProblemAsync(await api.Http.PostAsJsonAsync($"/api/units/{unit}/rename",
            new { name = "Ältadalen", validFrom = "2099-03-01", reason = "Nytt namn" }), HttpStatusCode.Conflict);

        Assert.Equal("unit-dissolved", refused["code"]!.GetValue<string>());
        var after = await api.GetAsync($"/api/units/{unit}?asOf=2099-02-01");
        Assert.Equal(("Ältadalens skola F-6", "dissolved"), (after["name"]!.GetValue<string>(), after["status"]!.GetValue<string>()));
        Assert.Equal("active", (await api.GetAsync($"/api/units/{unit}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_change_is_not_dated_before_the_record_begins_and_the_error_names_the_field_the_request_used()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");
        var unit = Id(await api.CreateUnitAsync("Nacka gymnasium", Id(director), "grundskola", establishedOn: "2024-01-01"));
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{unit}/rename", new { name = "Nacka gymnasium A", validFrom = "2099-01-01", reason = "KS" }));

        var early = await ProblemAsync(await api.Http.PutAsJsonAsync($"/api/units/{unit}/details", Details("NG", validFrom: "2023-12-31")),
            HttpStatusCode.UnprocessableEntity);
        var earlyEnd = await ProblemAsync(await api.Http.PostAsJsonAsync($"/api/units/{unit}/dissolve", new { dissolvedOn = "2023-06-01", reason = "Fel" }),
            HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["validFrom"], early["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(["dissolvedOn"], earlyEnd["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(2, (await api.Http.GetFromJsonAsync<JsonArray>($"/api/units/{unit}/history", TestContext.Current.CancellationToken))!.Count);
    }

    [Fact]
    public async Task A_list_item_corrected_before_a_scheduled_edit_of_the_list_is_corrected_in_it_too_and_an_item_added_is_refused()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");
        object Code(string value) => new { scheme = value[0] switch { '2' => "ansvarskod", '4' => "projektkod", _ => "kostnadsstalle" }, value };
        var unit = Id(await api.CreateUnitAsync("Saltängens skola", Id(director), "grundskola", identifiers: [Code("1111")]));
        await OkAsync(await api.Http.PutAsJsonAsync($"/api/units/{unit}/details", Details("Saltängen", [Code("1111"), Code("2222")], validFrom: Scheduled)));

        // Today 1111 is corrected to 3333: today, and beside the code scheduled for 2099.
        await OkAsync(await api.Http.PutAsJsonAsync($"/api/units/{unit}/details", Details("Saltängen", [Code("3333")])));
        string Codes(JsonObject read) => string.Join(",", read["identifiers"]!.AsArray().Select(i => i!["value"]!.GetValue<string>()).Order());
        Assert.Equal("3333", Codes(await api.GetAsync($"/api/units/{unit}")));
        Assert.Equal("2222,3333", Codes(await api.GetAsync($"/api/units/{unit}?asOf=2099-02-01")));

        // An item added today beside a list edited for 2099 could break what that list was checked against: refused, nothing changes.
        var refused = await ProblemAsync(await api.Http.PutAsJsonAsync($"/api/units/{unit}/details", Details("Saltängen", [Code("3333"), Code("4444")])),
            HttpStatusCode.Conflict);

        Assert.Equal("changed-later", refused["code"]!.GetValue<string>());
        Assert.Contains(Scheduled, refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("3333", Codes(await api.GetAsync($"/api/units/{unit}")));
        Assert.Equal(3, (await api.Http.GetFromJsonAsync<JsonArray>($"/api/units/{unit}/history", TestContext.Current.CancellationToken))!.Count);
    }

    [Fact]
    public async Task The_ETag_is_the_latest_version_also_when_the_version_shown_holds_before_a_scheduled_change()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");
        var unit = Id(await api.CreateUnitAsync("Björknäs skola", Id(director), "grundskola"));
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{unit}/rename", new { name = "Björknäs skola F-9", validFrom = Scheduled, reason = "KS" }));

        var read = await api.Http.GetAsync($"/api/units/{unit}", TestContext.Current.CancellationToken);
        Assert.Equal("\"2\"", read.Headers.ETag!.Tag);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/units/{unit}/details") { Content = JsonContent.Create(Details("Björknäs")) };
        request.Headers.IfMatch.Add(read.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode);
    }
}
