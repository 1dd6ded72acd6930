extern alias units;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Mandates.Data;
using Nacka.Testing;
using Xunit;

namespace Nacka.Mandates.Tests.Api;

/// <summary>Every mandate rule on real PostgreSQL and RabbitMQ, with units from the real Units service and kommunstyrelsen from the real Committees
/// service.</summary>
public sealed class MandatesApiTests(TestInfrastructure infrastructure)
{
    private static readonly string[] DoubleEconomy = ["economy", "economy"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_grant_needs_kommunstyrelsen_on_the_decision_date_an_active_unit_and_its_manager_title()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard", establishedOn: "2015-01-01");
        var nämnd = await organisation.CommitteeAsync("Utbildningsnämnden", director);
        var school = await organisation.UnitAsync("Sickla skola", director);
        var planned = await organisation.UnitAsync("Nya skolan", director, establishedOn: "2027-08-01");
        var care = await organisation.UnitAsync("Hemtjänsten", director, managerTitle: "Verksamhetschef");

        async Task<string> RefusedAsync(object body, HttpStatusCode status = HttpStatusCode.Conflict)
        {
            var problem = await Answers.ProblemAsync(await organisation.MandatesApi.PostAsJsonAsync("/api/mandates", body, Ct), status);
            return status == HttpStatusCode.Conflict ? problem["code"]!.GetValue<string>()
                : string.Join(",", problem["errors"]!.AsObject().Select(e => e.Key).Order());
        }

        Assert.Equal("not-executive-board", await RefusedAsync(Organisation.GrantBody(school, nämnd)));
        Assert.Equal("not-executive-board", await RefusedAsync(Organisation.GrantBody(school, ks, decisionDate: "2014-06-01"))); // before KS was recorded
        Assert.Equal("unit-not-active", await RefusedAsync(Organisation.GrantBody(planned, ks)));
        Assert.Equal("title-mismatch", await RefusedAsync(Organisation.GrantBody(care, ks)));
        Assert.Equal("decision.committeeId,unitId", await RefusedAsync(Organisation.GrantBody(Guid.NewGuid(), Guid.NewGuid()),
            HttpStatusCode.UnprocessableEntity));
        Assert.Equal("holder.name,scope,validTo", await RefusedAsync(new
        {
            unitId = school, holder = new { name = "" }, title = "Rektor", scope = DoubleEconomy, validFrom = "2026-01-01", validTo = "2025-01-01",
            decision = new { committeeId = ks, date = "2025-12-10" },
        }, HttpStatusCode.UnprocessableEntity));
        Assert.Equal(0, await organisation.QueryAsync(db => db.Mandates.Current.CountAsync()));

        var granted = await organisation.GrantAsync(school, ks);
        Assert.Equal(("Rektor", "active", "Kommunstyrelsen", 6), (granted["title"]!.GetValue<string>(), granted["status"]!.GetValue<string>(),
            granted["decision"]!["committeeName"]!.GetValue<string>(), granted["scope"]!.AsArray().Count));

        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{care}/dissolve",
            new { dissolvedOn = "2026-01-01", reason = "Upphör" }, Ct));
        await organisation.KnownAsync(db => db.KnownUnits.AnyAsync(u => u.UnitId == care && u.DissolvedOn != null));
        Assert.Equal("unit-not-active", await RefusedAsync(Organisation.GrantBody(care, ks, title: "Verksamhetschef", validFrom: "2026-03-01")));
    }

    [Fact]
    public async Task A_grant_dated_before_a_successor_appointed_ahead_leads_until_the_successor_starts_and_the_successor_still_takes_over()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard");
        var school = await organisation.UnitAsync("Fisksätra skola", director);
        var first = Answers.Id(await organisation.GrantAsync(school, ks, "Per Olsson", validFrom: "2024-08-01"));
        var successor = Answers.Id(await organisation.GrantAsync(school, ks, "Lena Åberg", validFrom: "2099-03-01")); // decided ahead

        // Per Olsson leaves earlier than planned: kommunstyrelsen appoints an acting head until Lena Åberg starts.
        var acting = await organisation.GrantAsync(school, ks, "Tillförordnad", validFrom: "2099-01-10");
        Assert.Equal(("ended", "2099-03-01", "superseded", successor),
            (await MandateAsync(Answers.Id(acting), "2099-03-01") is var a
                ? (a["status"]!.GetValue<string>(), a["endedOn"]!.GetValue<string>(), a["endReason"]!.GetValue<string>(),
                a["successorId"]!.GetValue<Guid>()) : default));
        var previous = await MandateAsync(first, "2099-01-10");
        Assert.Equal(("2099-01-10", Answers.Id(acting)), (previous["endedOn"]!.GetValue<string>(), previous["successorId"]!.GetValue<Guid>()));

        async Task<string> LeadsOnAsync(string date) =>
            (await organisation.MandatesApi.GetFromJsonAsync<JsonObject>($"/api/mandates/current?unitId={school}&asOf={date}",
                Ct))!["holder"]!["name"]!.GetValue<string>();
        Assert.Equal(("Per Olsson", "Tillförordnad", "Tillförordnad", "Lena Åberg"),
            (await LeadsOnAsync("2099-01-09"), await LeadsOnAsync("2099-01-10"), await LeadsOnAsync("2099-02-28"), await LeadsOnAsync("2099-03-01")));

        // One limited to January expires before the successor: nobody leads in February.
        var school2 = await organisation.UnitAsync("Saltsjöbadens skola", director);
        await organisation.GrantAsync(school2, ks, "Per Olsson", validFrom: "2024-08-01");
        await organisation.GrantAsync(school2, ks, "Lena Åberg", validFrom: "2099-03-01");
        var limited = await Answers.OkAsync(await organisation.MandatesApi.PostAsJsonAsync("/api/mandates",
            Organisation.GrantBody(school2, ks, "Tillförordnad", validFrom: "2099-01-10", validTo: "2099-01-31"), Ct), HttpStatusCode.Created);
        var expired = await MandateAsync(Answers.Id(limited), "2099-02-01");
        Assert.Equal(("2099-02-01", "expired"), (expired["endedOn"]!.GetValue<string>(), expired["endReason"]!.GetValue<string>()));
        using var nobody = await organisation.MandatesApi.GetAsync($"/api/mandates/current?unitId={school2}&asOf=2099-02-15", Ct);
        Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);

        async Task<JsonObject> MandateAsync(Guid id, string asOf)
            => await Answers.OkAsync(await organisation.MandatesApi.GetAsync($"/api/mandates/{id}?asOf={asOf}", Ct));
    }

    [Fact]
    public async Task A_new_grant_supersedes_the_current_mandate_from_its_first_day_and_the_unit_shows_who_leads_it_on_each_date()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard");
        var school = await organisation.UnitAsync("Järla skola", director);
        var other = await organisation.UnitAsync("Älta skola", director);

        var first = Answers.Id(await organisation.GrantAsync(school, ks, "Per Olsson", validFrom: "2024-08-01"));
        var second = await organisation.GrantAsync(school, ks, "Lena Åberg", validFrom: "2026-01-01");
        Assert.Equal("overlaps-current", (await Answers.ProblemAsync(await organisation.MandatesApi.PostAsJsonAsync("/api/mandates",
            Organisation.GrantBody(school, ks, "Tredje", validFrom: "2026-01-01"), Ct),
                HttpStatusCode.Conflict))["code"]!.GetValue<string>()); // the same first day

        var ended = await Answers.OkAsync(await organisation.MandatesApi.GetAsync($"/api/mandates/{first}", Ct));
        Assert.Equal(("superseded", "2026-01-01", Answers.Id(second)),
            (ended["endReason"]!.GetValue<string>(), ended["endedOn"]!.GetValue<string>(), ended["successorId"]!.GetValue<Guid>()));
        Assert.Equal("Per Olsson",
            (await organisation.MandatesApi.GetFromJsonAsync<JsonObject>($"/api/mandates/current?unitId={school}&asOf=2025-12-31",
            Ct))!["holder"]!["name"]!.GetValue<string>());
        Assert.Equal("Lena Åberg",
            (await organisation.MandatesApi.GetFromJsonAsync<JsonObject>($"/api/mandates/current?unitId={school}&asOf=2026-01-01",
                Ct))!["holder"]!["name"]!.GetValue<string>());
        var unitHistory = (await organisation.MandatesApi.GetFromJsonAsync<JsonArray>($"/api/mandates/history?unitId={school}", Ct))!;
        Assert.Equal(["Per Olsson", "Lena Åberg"], unitHistory.Select(m => m!["holder"]!["name"]!.GetValue<string>()));
        Assert.Equal(1, (await organisation.MandatesApi.GetFromJsonAsync<JsonObject>("/api/mandates?holder=olsson", Ct))!["totalCount"]!.GetValue<int>());

        // Units learns its managers from the Mandates events.
        await Eventually.HoldsAsync(async () => (await organisation.UnitsApi.GetFromJsonAsync<JsonObject>($"/api/units/{school}",
            Ct))!["manager"] is JsonObject m
            && m["name"]!.GetValue<string>() == "Lena Åberg", TimeSpan.FromSeconds(30));
        var before = (await organisation.UnitsApi.GetFromJsonAsync<JsonObject>($"/api/units/{school}?asOf=2025-06-01", Ct))!;
        Assert.Equal(("Per Olsson", "KFKS 2025/123"), (before["manager"]!["name"]!.GetValue<string>(),
            before["manager"]!["decision"]!["caseNumber"]!.GetValue<string>()));
        var withoutManager = (await organisation.UnitsApi.GetFromJsonAsync<JsonObject>("/api/units?withoutManager=true", Ct))!;
        Assert.Equal([other], withoutManager["items"]!.AsArray().Select(u => u!["id"]!.GetValue<Guid>()));
        Assert.Null((await organisation.UnitsApi.GetFromJsonAsync<JsonObject>($"/api/units/{other}", Ct))!["manager"]);

        // Revoked by kommunstyrelsen: the unit has no manager from that day.
        var revoked = await Answers.OkAsync(await organisation.MandatesApi.PostAsJsonAsync($"/api/mandates/{Answers.Id(second)}/revoke",
            new { endedOn = "2026-06-01", decision = new { committeeId = ks, date = "2026-05-20", paragraph = "§ 77" } }, Ct));
        Assert.Equal("revoked", revoked["endReason"]!.GetValue<string>());
        Assert.Equal("mandate-ended", (await Answers.ProblemAsync(await organisation.MandatesApi.PostAsJsonAsync($"/api/mandates/{Answers.Id(second)}/revoke",
            new { decision = new { committeeId = ks, date = "2026-05-20" } }, Ct), HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        await Eventually.HoldsAsync(async () => (await organisation.UnitsApi.GetFromJsonAsync<JsonObject>($"/api/units?withoutManager=true",
            Ct))!["totalCount"]!.GetValue<int>() == 2,
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task One_mandate_leads_a_unit_on_any_day_a_grant_into_an_ended_mandates_period_is_refused_and_changes_nothing()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard", establishedOn: "2015-01-01");
        var school = await organisation.UnitAsync("Orminge skola", director, establishedOn: "2015-01-01");
        var a = Answers.Id(await organisation.GrantAsync(school, ks, "Per Olsson", validFrom: "2021-01-01"));
        await Answers.OkAsync(await organisation.MandatesApi.PostAsJsonAsync($"/api/mandates/{a}/revoke",
            new { endedOn = "2022-01-01", decision = new { committeeId = ks, date = "2021-12-10", paragraph = "§ 7" } }, Ct));

        var refused = await Answers.ProblemAsync(await organisation.MandatesApi.PostAsJsonAsync("/api/mandates",
            Organisation.GrantBody(school, ks, "Lena Åberg", validFrom: "2021-06-01"), Ct), HttpStatusCode.Conflict);

        Assert.Equal("overlaps-mandate", refused["code"]!.GetValue<string>());
        Assert.Equal(1, await organisation.QueryAsync(db => db.Mandates.Current.CountAsync()));
        Assert.Equal("Lena Åberg", (await organisation.GrantAsync(school, ks, "Lena Åberg", validFrom: "2022-01-01"))["holder"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_grant_after_the_units_dissolution_is_recorded_ends_on_the_dissolution_date()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard", establishedOn: "2015-01-01");
        var school = await organisation.UnitAsync("Kummelnäs skola", director, establishedOn: "2015-01-01");
        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/dissolve",
            new { dissolvedOn = "2099-06-30", reason = "Läggs ned" }, Ct));
        await organisation.KnownAsync(db => db.KnownUnits.AnyAsync(u => u.UnitId == school && u.DissolvedOn != null));

        var granted = await organisation.GrantAsync(school, ks, "Per Olsson", validFrom: "2099-01-01");

        Assert.Equal(("2099-06-30", "unit-dissolved"), (granted["endedOn"]!.GetValue<string>(), granted["endReason"]!.GetValue<string>()));
        var id = Answers.Id(granted);
        Assert.Equal("active", (await Answers.OkAsync(await organisation.MandatesApi.GetAsync($"/api/mandates/{id}?asOf=2099-06-29",
            Ct)))["status"]!.GetValue<string>());
        Assert.Equal("ended", (await Answers.OkAsync(await organisation.MandatesApi.GetAsync($"/api/mandates/{id}?asOf=2099-06-30",
            Ct)))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dissolution_recorded_ahead_freezes_nothing_a_new_manager_takes_over_before_it_and_a_revocation_brings_an_end_forward()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard", establishedOn: "2015-01-01");
        var school = await organisation.UnitAsync("Lännersta skola", director, establishedOn: "2015-01-01");
        var first = Answers.Id(await organisation.GrantAsync(school, ks, "Per Olsson", validFrom: "2024-08-01"));
        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/dissolve",
            new { dissolvedOn = "2027-07-01", reason = "Läggs ned" }, Ct));
        await organisation.KnownAsync(db => db.Mandates.Current.AnyAsync(m => m.EntityId == first && m.EndReason == "unit-dissolved"));

        // Decided in November: a new rektor for the school's last term.
        var second = await organisation.GrantAsync(school, ks, "Lena Åberg", validFrom: "2027-01-01");
        Assert.Equal(("2027-07-01", "unit-dissolved"), (second["endedOn"]!.GetValue<string>(), second["endReason"]!.GetValue<string>()));
        var taken = await Answers.OkAsync(await organisation.MandatesApi.GetAsync($"/api/mandates/{first}?asOf=2027-01-01", Ct));
        Assert.Equal(("2027-01-01", "superseded", Answers.Id(second)),
            (taken["endedOn"]!.GetValue<string>(), taken["endReason"]!.GetValue<string>(), taken["successorId"]!.GetValue<Guid>()));
        foreach (var (day, holder) in new[] { ("2026-12-31", "Per Olsson"), ("2027-01-01", "Lena Åberg"), ("2027-06-30", "Lena Åberg") })
        {
            Assert.Equal(holder, (await organisation.MandatesApi.GetFromJsonAsync<JsonObject>($"/api/mandates/current?unitId={school}&asOf={day}",
                Ct))!["holder"]!["name"]!.GetValue<string>());
        }

        // Kommunstyrelsen then revokes the new mandate from an earlier day than the dissolution: the earlier end wins; a later one changes nothing.
        var revoke = (string on) => organisation.MandatesApi.PostAsJsonAsync($"/api/mandates/{Answers.Id(second)}/revoke",
            new { endedOn = on, decision = new { committeeId = ks, date = "2026-11-20", paragraph = "§ 8" } }, Ct);
        Assert.Equal("mandate-ended", (await Answers.ProblemAsync(await revoke("2027-08-01"), HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        Assert.Equal(("2027-04-01", "revoked"), await Answers.OkAsync(await revoke("2027-04-01")) is var revoked
            ? (revoked["endedOn"]!.GetValue<string>(), revoked["endReason"]!.GetValue<string>()) : default);
        using var after = await organisation.MandatesApi.GetAsync($"/api/mandates/current?unitId={school}&asOf=2027-05-01", Ct);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Data_written_before_ends_bounded_mandates_is_corrected_once_each_correction_an_event()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard", establishedOn: "2015-01-01");
        var school = await organisation.UnitAsync("Hedvigslunds skola", director, establishedOn: "2015-01-01");
        var current = Answers.Id(await organisation.GrantAsync(school, ks, "Per Olsson", validFrom: "2024-08-01"));
        var planned = Answers.Id(await organisation.GrantAsync(school, ks, "Lena Åberg", validFrom: "2027-08-01"));
        // As an older version left it: the unit's dissolution known, its mandates running on.
        await organisation.QueryAsync(async db =>
        {
            (await db.KnownUnits.SingleAsync(u => u.UnitId == school, Ct)).DissolvedOn = new DateOnly(2027, 1, 1);
            return await db.SaveChangesAsync(Ct);
        });

        Task<int> CorrectAsync() => Nacka.Records.Corrections.EndCorrections.RunOnceAsync<MandatesDbContext>(organisation.Mandates.Services, Ct);

        Assert.Equal(2, await CorrectAsync());
        var ended = await Answers.OkAsync(await organisation.MandatesApi.GetAsync($"/api/mandates/{current}?asOf=2027-01-01", Ct));
        Assert.Equal(("2027-01-01", "unit-dissolved"), (ended["endedOn"]!.GetValue<string>(), ended["endReason"]!.GetValue<string>()));
        var never = await Answers.OkAsync(await organisation.MandatesApi.GetAsync($"/api/mandates/{planned}?asOf=2027-08-01", Ct));
        Assert.Equal(("2027-08-01", "unit-dissolved"), (never["endedOn"]!.GetValue<string>(), never["endReason"]!.GetValue<string>()));
        using var after = await organisation.MandatesApi.GetAsync($"/api/mandates/current?unitId={school}&asOf=2027-09-01", Ct);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal(0, await CorrectAsync());
    }

    [Fact]
    public async Task A_dissolution_ends_the_current_mandate_on_its_date_though_a_successor_was_planned_and_the_successor_never_holds()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard", establishedOn: "2015-01-01");
        var school = await organisation.UnitAsync("Eknäs skola", director, establishedOn: "2015-01-01");
        var current = Answers.Id(await organisation.GrantAsync(school, ks, "Per Olsson", validFrom: "2025-01-01"));
        var planned = Answers.Id(await organisation.GrantAsync(school, ks, "Lena Åberg", validFrom: "2099-03-01"));

        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/dissolve",
            new { dissolvedOn = "2099-01-10", reason = "Läggs ned" }, Ct));
        await organisation.KnownAsync(db => db.Mandates.Current.AnyAsync(m => m.EntityId == planned && m.EndedOn != null));

        var ended = await Answers.OkAsync(await organisation.MandatesApi.GetAsync($"/api/mandates/{current}?asOf=2099-06-01", Ct));
        Assert.Equal(("2099-01-10", "unit-dissolved"), (ended["endedOn"]!.GetValue<string>(), ended["endReason"]!.GetValue<string>()));
        var never = await Answers.OkAsync(await organisation.MandatesApi.GetAsync($"/api/mandates/{planned}?asOf=2099-06-01", Ct));
        Assert.Equal("2099-03-01", never["endedOn"]!.GetValue<string>());
        foreach (var date in new[] { "2099-01-10", "2099-02-01", "2099-03-01", "2099-06-01" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await organisation.MandatesApi.GetAsync($"/api/mandates/current?unitId={school}&asOf={date}", Ct))
                .StatusCode);
        }

        Assert.Equal("Per Olsson",
            (await organisation.MandatesApi.GetFromJsonAsync<JsonObject>($"/api/mandates/current?unitId={school}&asOf=2099-01-09",
                Ct))!["holder"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_grant_is_checked_against_the_units_title_on_its_first_day_and_shows_the_units_name_on_the_day_read()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard", establishedOn: "2015-01-01");
        var school = await organisation.UnitAsync("Lännersta skola", director, establishedOn: "2015-01-01");
        // Decided now for 2099: the unit is renamed and led by an enhetschef.
        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/rename",
            new { name = "Lännersta förskola", validFrom = "2099-01-01", reason = "Blir förskola" }, Ct));
        await Answers.OkAsync(await organisation.UnitsApi.PutAsJsonAsync($"/api/units/{school}/details",
            new { kind = "grundskola", managerTitle = "Enhetschef", identifiers = Array.Empty<object>(), validFrom = "2099-01-01" }, Ct));
        await organisation.KnownAsync(db => db.KnownUnits.AnyAsync(u => u.UnitId == school && u.ManagerTitle == "Enhetschef"));

        var rektor = await organisation.GrantAsync(school, ks, "Per Olsson", validFrom: "2026-01-01");
        var refused = await Answers.ProblemAsync(await organisation.MandatesApi.PostAsJsonAsync("/api/mandates",
            Organisation.GrantBody(school, ks, "Lena Åberg", title: "Rektor", validFrom: "2099-02-01"), Ct), HttpStatusCode.Conflict);

        Assert.Equal("title-mismatch", refused["code"]!.GetValue<string>());
        Assert.Equal("Lännersta skola", (await Answers.OkAsync(await organisation.MandatesApi.GetAsync($"/api/mandates/{Answers.Id(rektor)}",
            Ct)))["unitName"]!.GetValue<string>());
        Assert.Equal("Lännersta förskola",
            (await Answers.OkAsync(await organisation.MandatesApi.GetAsync($"/api/mandates/{Answers.Id(rektor)}?asOf=2099-01-01",
                Ct)))["unitName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_decision_dated_after_today_is_not_yet_taken_and_grants_nothing()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard", establishedOn: "2015-01-01");
        var school = await organisation.UnitAsync("Vilans skola", director, establishedOn: "2015-01-01");

        var refused = await Answers.ProblemAsync(await organisation.MandatesApi.PostAsJsonAsync("/api/mandates",
            Organisation.GrantBody(school, ks, validFrom: "2099-02-01", decisionDate: "2099-01-15"), Ct), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["decision.date"], refused["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(0, await organisation.QueryAsync(db => db.Mandates.Current.CountAsync()));
    }

    [Fact]
    public async Task The_database_itself_refuses_two_mandates_of_a_unit_holding_on_one_day()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard", establishedOn: "2015-01-01");
        var school = await organisation.UnitAsync("Fisksätra skola", director, establishedOn: "2015-01-01");
        var granted = Answers.Id(await organisation.GrantAsync(school, ks, "Per Olsson", validFrom: "2025-01-01"));

        // A writer that went around the rules: a copy of the mandate, ended, but holding during 2026. (The id is a Guid this test made.)
#pragma warning disable EF1002
        var sneaked = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => organisation.QueryAsync(db => db.Database.ExecuteSqlRawAsync($$"""
            DO $do$
            DECLARE cols text;
            BEGIN
                SELECT string_agg(quote_ident(column_name), ',' ORDER BY ordinal_position) INTO cols
                    FROM information_schema.columns WHERE table_schema = 'mandates' AND table_name = 'mandates' AND is_generated = 'NEVER';
                EXECUTE format('CREATE TEMP TABLE copied ON COMMIT DROP AS SELECT %s FROM mandates.mandates WHERE "MandateId" = %L', cols, '{{granted}}');
                UPDATE copied SET "MandateId" = gen_random_uuid(), "MandateFrom" = '2026-06-01', "EndedOn" = '2027-01-01';
                EXECUTE format('INSERT INTO mandates.mandates (%s) SELECT %s FROM copied', cols, cols);
            END $do$;
            """)));
#pragma warning restore EF1002

        Assert.Equal((Npgsql.PostgresErrorCodes.ExclusionViolation, MandatesDbContext.OneMandatePerDay), (sneaked.SqlState, sneaked.ConstraintName));
        Assert.Equal(1, await organisation.QueryAsync(db => db.Mandates.Current.CountAsync(m => m.UnitId == school)));
    }

    [Fact]
    public async Task A_revocation_dated_before_a_planned_mandate_starts_is_refused_naming_endedOn()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard", establishedOn: "2015-01-01");
        var school = await organisation.UnitAsync("Saltsjöbadens skola", director, establishedOn: "2015-01-01");
        var planned = Answers.Id(await organisation.GrantAsync(school, ks, "Per Olsson", validFrom: "2099-08-01"));

        var refused = await Answers.ProblemAsync(await organisation.MandatesApi.PostAsJsonAsync($"/api/mandates/{planned}/revoke",
            new { endedOn = "2099-01-01", decision = new { committeeId = ks, date = "2026-11-10", paragraph = "§ 7" } }, Ct),
                HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["endedOn"], refused["errors"]!.AsObject().Select(e => e.Key));
        Assert.Null((await Answers.OkAsync(await organisation.MandatesApi.GetAsync($"/api/mandates/{planned}", Ct)))["endedOn"]);
    }

    [Fact]
    public async Task Dissolving_a_unit_ends_its_mandate_from_that_date_once_even_when_the_event_comes_twice()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard");
        var school = await organisation.UnitAsync("Fisksätra skola", director);
        var mandate = Answers.Id(await organisation.GrantAsync(school, ks));

        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/dissolve",
            new { dissolvedOn = "2026-12-31", reason = "Nedläggning" }, Ct));
        await organisation.KnownAsync(db => db.Mandates.Current.AnyAsync(m => m.EntityId == mandate && m.EndedOn != null));
        var dissolved = await PublishedEvents.LastAsync<Nacka.Contracts.Units.UnitDissolved,
            units::Nacka.Units.Data.UnitsDbContext>(organisation.Units.Services, school);
        Assert.Equal(0, await PublishedEvents.ApplyAsync<Nacka.Mandates.Data.MandatesDbContext>(organisation.Mandates.Services,
            dissolved)); // delivered again: skipped

        var ended = await Answers.OkAsync(await organisation.MandatesApi.GetAsync($"/api/mandates/{mandate}?asOf=2026-12-31", Ct));
        Assert.Equal(("unit-dissolved", "2026-12-31", 2), (ended["endReason"]!.GetValue<string>(), ended["endedOn"]!.GetValue<string>(),
            ended["version"]!.GetValue<int>()));
        Assert.Equal(1, await organisation.QueryAsync(db => db.Set<Messaging.Outbox.OutboxMessage>()
            .CountAsync(m => m.Type == "se.nacka.org.mandates.mandate-ended.v1")));
        await Eventually.HoldsAsync(async () => (await organisation.UnitsApi.GetFromJsonAsync<JsonObject>($"/api/units/{school}?asOf=2026-12-30",
            Ct))!["manager"] is JsonObject,
            TimeSpan.FromSeconds(30));
        var afterEnd = await Answers.OkAsync(await organisation.UnitsApi.GetAsync($"/api/units/{school}?asOf=2026-12-31", Ct));
        Assert.Null(afterEnd["manager"]);
    }

    [Fact]
    public async Task A_split_units_mandate_ends_and_its_successors_are_listed_as_units_without_a_manager()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard");
        var school = await organisation.UnitAsync("Orminge skola", director);
        var mandate = Answers.Id(await organisation.GrantAsync(school, ks));
        await Eventually.HoldsAsync(async () => (await organisation.UnitsApi.GetFromJsonAsync<JsonObject>("/api/units?withoutManager=true",
            Ct))!["totalCount"]!.GetValue<int>() == 0,
            TimeSpan.FromSeconds(30));

        object Successor(string name) => new { name, kind = "grundskola", managerTitle = "Rektor", directorPostId = director };
        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/split",
            new { successors = new[] { Successor("Orminge skola F-3"), Successor("Orminge skola 4-9") }, validFrom = "2026-08-01", reason = "Delas" },
                Ct), HttpStatusCode.OK);

        await organisation.KnownAsync(db => db.Mandates.Current.AnyAsync(m => m.EntityId == mandate && m.EndReason == "unit-dissolved"));
        var without = await organisation.UnitsApi.GetFromJsonAsync<JsonObject>("/api/units?withoutManager=true", Ct);
        Assert.Equal(["Orminge skola 4-9", "Orminge skola F-3"], without!["items"]!.AsArray().Select(u => u!["name"]!.GetValue<string>())
            .Order(StringComparer.Ordinal));
    }
}
