extern alias units;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Persistence;
using Nacka.Testing;
using Xunit;

namespace Nacka.Processes.Tests.Api;

/// <summary>Processes through the HTTP API, on real PostgreSQL and RabbitMQ, with directors and units from Units and managers from Mandates.</summary>
public sealed class ProcessesApiTests(TestInfrastructure infrastructure)
{
    private const string Friskolan = "556036-0793";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> ProblemCodeAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.Conflict)
    {
        var problem = await Answers.ProblemAsync(response, status);
        return status == HttpStatusCode.Conflict ? problem["code"]!.GetValue<string>()
            : string.Join(",", problem["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    /// <summary>The UnitLeftProcess events Processes has put in its outbox for <paramref name="unit"/>.</summary>
    private static async Task<List<JsonObject>> UnitsLeftAsync(Organisation organisation, Guid unit) =>
        [.. (await organisation.QueryAsync(db => db.Set<Messaging.Outbox.OutboxMessage>()
                .Where(m => m.Type == "se.nacka.org.processes.unit-left-process.v1").Select(m => m.Payload).ToListAsync()))
            .Select(payload => JsonNode.Parse(payload)!.AsObject()).Where(e => e["unitId"]!.GetValue<Guid>() == unit)];

    /// <summary>How many units take part in the process on <paramref name="date"/>, and how many unit managers sit in its group.</summary>
    private static async Task<(int Units, int ManagerSeats)> PartsOnAsync(Organisation organisation, Guid process, string date)
    {
        var read = (await organisation.ProcessesApi.GetFromJsonAsync<JsonObject>($"/api/processes/{process}?asOf={date}", Ct))!;
        return (read["units"]!.AsArray().Count, read["managementGroup"]!.AsArray().Count(s => s!["kind"]!.GetValue<string>() == "unit-manager"));
    }

    [Fact]
    public async Task A_process_is_owned_by_a_held_post_takes_in_active_units_and_engaged_actors_and_its_seats_are_never_duplicated()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var vacant = await organisation.DirectorAsync("Personaldirektör", holder: null);
        var school = await organisation.UnitAsync("Sickla skola", education);
        var planned = await organisation.UnitAsync("Nya skolan", education, establishedOn: "2027-08-01");
        var api = organisation.ProcessesApi;

        Assert.Equal("owner-not-held", await ProblemCodeAsync(await api.PostAsJsonAsync("/api/processes",
            new { name = "X", kind = "support", ownerDirectorPostId = vacant }, Ct)));
        Assert.Equal("kind,name,ownerDirectorPostId", await ProblemCodeAsync(await api.PostAsJsonAsync("/api/processes", new { name = "", kind = "core" }, Ct),
            HttpStatusCode.UnprocessableEntity));
        var created = await organisation.CreateProcessAsync("Utbildningsprocessen", education);
        var id = Answers.Id(created);
        var chair = Assert.Single(created["managementGroup"]!.AsArray())!;
        Assert.Equal(("chair", "Utbildningsdirektör", "Johan Lindqvist"),
            (chair["role"]!.GetValue<string>(), chair["label"]!.GetValue<string>(), chair["person"]!.GetValue<string>()));

        Assert.Equal("unit-not-active", await ProblemCodeAsync(await api.PostAsJsonAsync($"/api/processes/{id}/units",
            new { unitId = planned, role = "utbildning", from = "2026-01-01" }, Ct)));
        await organisation.PostAsync($"/api/processes/{id}/units", new { unitId = school, role = "utför grundskoleutbildning", from = "2026-01-01" });
        Assert.Equal("already-participating", await ProblemCodeAsync(await api.PostAsJsonAsync($"/api/processes/{id}/units",
            new { unitId = school, role = "igen" }, Ct)));

        Assert.Equal("organisationsnummer", await ProblemCodeAsync(await api.PostAsJsonAsync($"/api/processes/{id}/actors",
            new { organisationsnummer = "556036-0794", name = "Fel" }, Ct),
            HttpStatusCode.UnprocessableEntity));
        Assert.Equal("actor-not-engaged", await ProblemCodeAsync(await api.PostAsJsonAsync($"/api/processes/{id}/seats",
            new { kind = "external", organisationsnummer = Friskolan, representativeName = "Eva Rektor" }, Ct)));
        await organisation.PostAsync($"/api/processes/{id}/actors",
            new { organisationsnummer = "5560360793", name = "Friskolan Exempel AB", delivers = "Grundskola", from = "2026-01-01" });
        var withSeat = await organisation.PostAsync($"/api/processes/{id}/seats",
            new { kind = "external", organisationsnummer = Friskolan, representativeName = "Eva Rektor", from = "2026-02-01" });
        Assert.Equal("duplicate-seat", await ProblemCodeAsync(await api.PostAsJsonAsync($"/api/processes/{id}/seats",
            new { kind = "external", organisationsnummer = Friskolan, representativeName = "eva rektor", from = "2026-02-01" }, Ct)));
        Assert.Equal("chair-follows-owner", await ProblemCodeAsync(await api.PostAsJsonAsync($"/api/processes/{id}/seats/{chair["seatId"]}/end", new { }, Ct)));
        Assert.Equal(2, withSeat["managementGroup"]!.AsArray().Count);

        // The actor disengaged: its representative's seat ends with it.
        var disengaged = await organisation.PostAsync($"/api/processes/{id}/actors/{Friskolan}/disengage", new { to = "2026-06-01" });
        Assert.Single(disengaged["managementGroup"]!.AsArray());
        Assert.Empty(disengaged["actors"]!.AsArray());

        var list = await api.GetFromJsonAsync<JsonObject>($"/api/processes?unitId={school}", Ct);
        Assert.Equal("Utbildningsprocessen", Assert.Single(list!["items"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Equal(1, (await api.GetFromJsonAsync<JsonObject>($"/api/processes?actor={Friskolan}&asOf=2026-03-01", Ct))!["totalCount"]!.GetValue<int>());
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonObject>($"/api/processes?actor={Friskolan}", Ct))!["totalCount"]!.GetValue<int>());
        var history = (await api.GetFromJsonAsync<JsonArray>($"/api/processes/{id}/history", Ct))!;
        Assert.Equal(["established", "seat-added", "unit-joined", "actor-engaged", "seat-added", "actor-disengaged", "seat-ended"],
            history.Select(h => h!["change"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_unit_in_no_process_reads_an_empty_list_in_one_query_and_a_unit_in_one_reads_its_names_and_people_in_three_more()
    {
        // The portal's unit view asks this of every unit it shows; most take part in no process.
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Sickla skola", education);
        var alone = await organisation.UnitAsync("Ensamma förskolan", education);
        var id = Answers.Id(await organisation.CreateProcessAsync("Utbildningsprocessen", education));
        await organisation.PostAsync($"/api/processes/{id}/units", new { unitId = school, role = "utför grundskoleutbildning", from = "2026-01-01" });
        // Only the reads' own commands: the outbox, woken by the write above, may send its rounds meanwhile.
        using var commands = DatabaseCommands.ForRequestsTo(organisation.Processes);
        var api = organisation.Processes.CreateClientAs("Registrator");
        await api.GetStringAsync($"/api/processes?unitId={school}", Ct); // compiled and pooled before counting

        commands.Reset();
        var none = await api.GetFromJsonAsync<JsonObject>($"/api/processes?unitId={alone}", Ct);
        Assert.Equal(0, none!["totalCount"]!.GetValue<int>());
        Assert.Equal(1, commands.Sent);

        commands.Reset();
        var one = await api.GetFromJsonAsync<JsonObject>($"/api/processes?unitId={school}", Ct);
        var process = Assert.Single(one!["items"]!.AsArray())!;
        Assert.Equal(("Sickla skola", "Johan Lindqvist"), (process["units"]![0]!["unitName"]!.GetValue<string>(),
            process["owner"]!["holderName"]!.GetValue<string>()));
        // The processes, then the owners' posts, the units' names and the units' mandates.
        Assert.Equal(4, commands.Sent);
    }

    [Fact]
    public async Task A_process_ending_ahead_keeps_its_name_until_it_ends()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var api = organisation.ProcessesApi;
        var old = Answers.Id(await organisation.CreateProcessAsync("Skolskjutsprocessen", education));
        await Answers.OkAsync(await api.PostAsJsonAsync($"/api/processes/{old}/end", new { endedOn = "2099-01-01", reason = "Ersätts" }, Ct));

        // Ended from 2099 (recorded now): the name is still taken until then, free from then.
        Assert.Equal("duplicate-name", await ProblemCodeAsync(await api.PostAsJsonAsync("/api/processes",
            new { name = "skolskjutsprocessen", kind = "support", ownerDirectorPostId = education }, Ct)));
        await Answers.OkAsync(await api.PostAsJsonAsync("/api/processes",
            new { name = "Skolskjutsprocessen", kind = "support", ownerDirectorPostId = education, establishedOn = "2099-01-01" }, Ct), HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_owner_change_moves_the_chair_and_a_new_mandate_changes_who_sits_in_a_unit_managers_seat_without_touching_the_seat()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör", "Johan Lindqvist");
        var welfare = await organisation.DirectorAsync("Välfärdsdirektör", "Anders Bergman");
        var school = await organisation.UnitAsync("Järla skola", education);
        await organisation.ManagerAsync(school, education, "Per Olsson", "2024-01-01");
        var id = Answers.Id(await organisation.CreateProcessAsync("Välfärdsprocessen", education));
        var seated = await organisation.PostAsync($"/api/processes/{id}/seats", new { kind = "unit-manager", unitId = school, from = "2025-01-01" });
        var seatId = seated["managementGroup"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "unit-manager")!["seatId"]!.GetValue<Guid>();
        await organisation.PostAsync($"/api/processes/{id}/seats", new { kind = "director", directorPostId = welfare, from = "2025-01-01" });

        await organisation.ManagerAsync(school, education, "Lena Åberg", "2026-01-01");
        var before = await organisation.ProcessesApi.GetFromJsonAsync<JsonObject>($"/api/processes/{id}?asOf=2025-06-01", Ct);
        var after = await organisation.ProcessesApi.GetFromJsonAsync<JsonObject>($"/api/processes/{id}?asOf=2026-06-01", Ct);
        JsonNode Seat(JsonObject p) => p["managementGroup"]!.AsArray().Single(s => s!["seatId"]!.GetValue<Guid>() == seatId)!;
        Assert.Equal(("Per Olsson", "Lena Åberg"), (Seat(before!)["person"]!.GetValue<string>(), Seat(after!)["person"]!.GetValue<string>()));

        // Welfare's director takes over: the chair moves to the new owner, whose member seat ends.
        var changed = await organisation.PostAsync($"/api/processes/{id}/owner",
            new { directorPostId = welfare, validFrom = "2026-09-01", reason = "Ny processägare" });
        var chair = changed["managementGroup"]!.AsArray().Single(s => s!["role"]!.GetValue<string>() == "chair")!;
        Assert.Equal((welfare, "Anders Bergman"), (chair["directorPostId"]!.GetValue<Guid>(), chair["person"]!.GetValue<string>()));
        Assert.Equal(2, changed["managementGroup"]!.AsArray().Count); // the chair and the unit's seat
        Assert.Equal("Anders Bergman", changed["owner"]!["holderName"]!.GetValue<string>());

        var welfareSeats = await organisation.ProcessesApi.GetFromJsonAsync<JsonArray>($"/api/processes/groups?directorPostId={welfare}&asOf=2026-09-01", Ct);
        Assert.Equal("chair", Assert.Single(welfareSeats!)!["seat"]!["role"]!.GetValue<string>());
        var managerSeats = await organisation.ProcessesApi.GetFromJsonAsync<JsonArray>($"/api/processes/groups?unitId={school}", Ct);
        Assert.Equal(("Välfärdsprocessen", "Lena Åberg"), (Assert.Single(managerSeats!)!["processName"]!.GetValue<string>(),
            managerSeats![0]!["seat"]!["person"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_dissolved_unit_leaves_every_process_and_its_managers_seats_end_once_even_when_the_event_comes_twice()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Fisksätra skola", education);
        var first = Answers.Id(await organisation.CreateProcessAsync("Utbildningsprocessen", education));
        var second = Answers.Id(await organisation.CreateProcessAsync("Stödprocessen", education, kind: "support"));
        foreach (var process in new[] { first, second })
        {
            await organisation.PostAsync($"/api/processes/{process}/units", new { unitId = school, role = "deltar", from = "2025-01-01" });
        }

        await organisation.PostAsync($"/api/processes/{first}/seats", new { kind = "unit-manager", unitId = school, from = "2025-01-01" });

        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/dissolve",
            new { dissolvedOn = "2026-06-30", reason = "Nedläggning" }, Ct));
        await organisation.KnownAsync(db => db.Processes.Current.CountAsync(p => p.Version > 3).ContinueWith(t => t.Result == 2, TaskScheduler.Default));
        var dissolved = await PublishedEvents.LastAsync<Nacka.Contracts.Units.UnitDissolved,
            units::Nacka.Units.Data.UnitsDbContext>(organisation.Units.Services, school);
        Assert.Equal(0, await PublishedEvents.ApplyAsync<Nacka.Processes.Data.ProcessesDbContext>(organisation.Processes.Services, dissolved));

        var left = await organisation.QueryAsync(db => db.Set<Messaging.Outbox.OutboxMessage>()
            .CountAsync(m => m.Type == "se.nacka.org.processes.unit-left-process.v1"));
        var seatsEnded = await organisation.QueryAsync(db => db.Set<Messaging.Outbox.OutboxMessage>()
            .CountAsync(m => m.Type == "se.nacka.org.processes.management-group-seat-ended.v1"));
        Assert.Equal((2, 1), (left, seatsEnded));
        var afterwards = await organisation.ProcessesApi.GetFromJsonAsync<JsonObject>($"/api/processes/{first}?asOf=2026-06-30", Ct);
        Assert.Empty(afterwards!["units"]!.AsArray());
        Assert.Single(afterwards["managementGroup"]!.AsArray()); // the chair
        Assert.Single((await organisation.ProcessesApi.GetFromJsonAsync<JsonObject>($"/api/processes/{first}?asOf=2026-06-29", Ct))!["units"]!.AsArray());
    }

    [Fact]
    public async Task A_dissolved_unit_leaves_on_its_dissolution_date_whatever_the_process_has_scheduled_after_it()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var dissolving = await organisation.UnitAsync("Tollare skola", education);
        var staying = await organisation.UnitAsync("Boo skola", education);
        var process = Answers.Id(await organisation.CreateProcessAsync("Utbildningsprocessen", education));
        foreach (var unit in new[] { dissolving, staying })
        {
            await organisation.PostAsync($"/api/processes/{process}/units", new { unitId = unit, role = "deltar", from = "2025-01-01" });
        }

        await organisation.PostAsync($"/api/processes/{process}/seats", new { kind = "unit-manager", unitId = dissolving, from = "2025-01-01" });
        await organisation.PostAsync($"/api/processes/{process}/units/{staying}/leave", new { to = "2099-02-01", reason = "Flyttar" }); // planned departure

        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{dissolving}/dissolve",
            new { dissolvedOn = "2099-01-10", reason = "Nedläggning" }, Ct));
        await Eventually.HoldsAsync(async () => (await UnitsLeftAsync(organisation, dissolving)).Count == 1, TimeSpan.FromSeconds(30));

        Assert.Equal((2, 1), await PartsOnAsync(organisation, process, "2099-01-09"));
        Assert.Equal((1, 0), await PartsOnAsync(organisation, process, "2099-01-10"));
        Assert.Equal((0, 0), await PartsOnAsync(organisation, process, "2099-02-01"));
        Assert.Equal("2099-01-10", Assert.Single(await UnitsLeftAsync(organisation, dissolving))["to"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_process_end_recorded_after_a_planned_join_cancels_it_and_brings_a_planned_departure_forward()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var staying = await organisation.UnitAsync("Boo skola", education);
        var joining = await organisation.UnitAsync("Sickla skola", education);
        var process = Answers.Id(await organisation.CreateProcessAsync("Utbildningsprocessen", education));
        await organisation.PostAsync($"/api/processes/{process}/units", new { unitId = staying, role = "deltar", from = "2025-01-01" });
        await organisation.PostAsync($"/api/processes/{process}/units", new { unitId = joining, role = "deltar", from = "2099-03-01" }); // planned join
        await organisation.PostAsync($"/api/processes/{process}/units/{staying}/leave", new { to = "2099-06-01", reason = "Flyttar" }); // planned departure

        await organisation.PostAsync($"/api/processes/{process}/end", new { endedOn = "2099-01-10", reason = "Processen avvecklas" });

        async Task<List<Guid>> UnitsOnAsync(string date) =>
            [.. (await organisation.ProcessesApi.GetFromJsonAsync<JsonObject>($"/api/processes/{process}?asOf={date}", Ct))!["units"]!.AsArray()
                .Select(u => u!["unitId"]!.GetValue<Guid>())];
        Assert.Equal([staying], await UnitsOnAsync("2099-01-09"));
        Assert.Empty(await UnitsOnAsync("2099-01-10"));
        Assert.Empty(await UnitsOnAsync("2099-03-01")); // the planned join never holds
        Assert.Empty(await UnitsOnAsync("2099-06-01"));
        var latest = (await organisation.QueryAsync(db => db.Processes.Current.SingleAsync(p => p.EntityId == process, Ct))).ToState();
        Assert.Equal(new DateOnly(2099, 1, 10), latest.Units.Single(u => u.UnitId == staying).To);
        var cancelled = latest.Units.Single(u => u.UnitId == joining);
        Assert.Equal(cancelled.From, cancelled.To); // cancelled, never ended before it starts
    }

    [Fact]
    public async Task A_unit_dissolved_before_the_process_end_recorded_for_later_leaves_on_its_dissolution_date_with_its_managers_seat()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Tollare skola", education);
        var process = Answers.Id(await organisation.CreateProcessAsync("Utbildningsprocessen", education));
        await organisation.PostAsync($"/api/processes/{process}/units", new { unitId = school, role = "deltar", from = "2025-01-01" });
        await organisation.PostAsync($"/api/processes/{process}/seats", new { kind = "unit-manager", unitId = school, from = "2025-01-01" });
        await organisation.PostAsync($"/api/processes/{process}/end", new { endedOn = "2099-06-01", reason = "Processen avvecklas" });

        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/dissolve",
            new { dissolvedOn = "2099-01-10", reason = "Nedläggning" }, Ct));
        await Eventually.HoldsAsync(async () => (await UnitsLeftAsync(organisation, school)).Count == 1, TimeSpan.FromSeconds(30));

        Assert.Equal((1, 1), await PartsOnAsync(organisation, process, "2099-01-09"));
        Assert.Equal((0, 0), await PartsOnAsync(organisation, process, "2099-01-10"));
        Assert.Equal((0, 0), await PartsOnAsync(organisation, process, "2099-05-31"));
        Assert.Equal("2099-01-10", Assert.Single(await UnitsLeftAsync(organisation, school))["to"]!.GetValue<string>());
        var latest = (await organisation.QueryAsync(db => db.Processes.Current.SingleAsync(p => p.EntityId == process, Ct))).ToState();
        Assert.Equal(new DateOnly(2099, 6, 1), latest.EndedOn); // the process's own end stays
    }

    [Fact]
    public async Task Data_written_before_ends_bounded_participations_is_corrected_once_each_correction_an_event()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Neglinge skola", education);
        var process = Answers.Id(await organisation.CreateProcessAsync("Utbildningsprocessen", education));
        await organisation.PostAsync($"/api/processes/{process}/units", new { unitId = school, role = "deltar", from = "2025-01-01" });
        // As an older version left it: the unit's dissolution known, the unit still in the process.
        await organisation.QueryAsync(async db =>
        {
            (await db.KnownUnits.SingleAsync(u => u.UnitId == school, Ct)).DissolvedOn = new DateOnly(2026, 6, 30);
            return await db.SaveChangesAsync(Ct);
        });

        Task<int> CorrectAsync()
            => Nacka.Records.Corrections.EndCorrections.RunOnceAsync<Nacka.Processes.Data.ProcessesDbContext>(organisation.Processes.Services, Ct);

        Assert.Equal(1, await CorrectAsync());
        async Task<int> UnitsOnAsync(string date)
            => (await organisation.ProcessesApi.GetFromJsonAsync<JsonObject>($"/api/processes/{process}?asOf={date}", Ct))!["units"]!.AsArray().Count;
        Assert.Equal((1, 0), (await UnitsOnAsync("2026-06-29"), await UnitsOnAsync("2026-06-30")));
        Assert.Equal(1, await organisation.QueryAsync(db => db.Set<Messaging.Outbox.OutboxMessage>()
            .CountAsync(m => m.Type == "se.nacka.org.processes.unit-left-process.v1", Ct)));
        Assert.Equal(0, await CorrectAsync());
    }

    [Fact]
    public async Task A_reaction_on_a_pooled_context_carries_into_what_was_recorded_since()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var closing = await organisation.UnitAsync("Sickla skola", education);
        var joining = await organisation.UnitAsync("Järla skola", education);
        var process = Answers.Id(await organisation.CreateProcessAsync("Utbildningsprocessen", education));
        await organisation.PostAsync($"/api/processes/{process}/units", new { unitId = joining, role = "deltar", from = "2030-01-01" });
        await organisation.PostAsync($"/api/processes/{process}/seats", new { kind = "unit-manager", unitId = closing, from = "2024-03-01" });
        // One context for two units of work, as the pool hands one out again. The first loads the process's rows for a change dated
        // before the planned join and saves nothing (a registrar's change refused after looking).
        await using var scope = organisation.Processes.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Nacka.Processes.Data.ProcessesDbContext>();
        await db.InTransactionAsync(async (_, ct) => (await db.Processes.LoadForChangeAsync(process, "process",
            new Microsoft.AspNetCore.Http.DefaultHttpContext().Request, new Nacka.Rules.ChangeInfo(new DateOnly(2024, 6, 1), "Ändras", null, "Registrator"),
            DateTimeOffset.UtcNow, ct)).Succeeded, Ct);
        // Recorded since, through another context: the process ends from the day the join was planned for.
        await organisation.PostAsync($"/api/processes/{process}/end", new { endedOn = "2030-01-01", reason = "Processen avvecklas" });
        // Then the reaction to the unit's dissolution (its manager's seat ends from 2026-12-10) on the first context: dated before the
        // end, it is carried into the segment from 2030, which must still be the ended process (it was not: the join came back).
        await organisation.QueryAsync(async other =>
        {
            (await other.KnownUnits.SingleAsync(u => u.UnitId == closing, Ct)).DissolvedOn = new DateOnly(2026, 12, 10);
            return await other.SaveChangesAsync(Ct);
        });
        Assert.Equal(1, await db.InTransactionAsync(async (transaction, ct) =>
        {
            var corrected = await Nacka.Processes.Directory.OrganisationReadModel.CorrectEndsAsync(db, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return corrected;
        }, Ct));

        var read = (await organisation.ProcessesApi.GetFromJsonAsync<JsonObject>($"/api/processes/{process}?asOf=2030-01-01", Ct))!;
        Assert.Equal(("ended", 0), (read["status"]!.GetValue<string>(), read["units"]!.AsArray().Count));
        async Task<int> ManagerSeatsOnAsync(string date) => (await organisation.ProcessesApi.GetFromJsonAsync<JsonObject>(
            $"/api/processes/{process}?asOf={date}", Ct))!["managementGroup"]!.AsArray().Count(s => s!["kind"]!.GetValue<string>() == "unit-manager");
        Assert.Equal((1, 0), (await ManagerSeatsOnAsync("2026-12-09"), await ManagerSeatsOnAsync("2026-12-10")));
    }

    [Fact]
    public async Task A_process_end_recorded_before_it_closed_a_join_planned_after_it_is_corrected_once_announced_again()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var joining = await organisation.UnitAsync("Älta skola", education);
        var process = Answers.Id(await organisation.CreateProcessAsync("Utbildningsprocessen", education));
        await organisation.PostAsync($"/api/processes/{process}/units", new { unitId = joining, role = "deltar", from = "2099-03-01" }); // planned join
        await organisation.PostAsync($"/api/processes/{process}/end", new { endedOn = "2099-01-10", reason = "Processen avvecklas" });
        // As an older version left it: the end carried into the March segment without closing the planned join there.
        await organisation.QueryAsync(db => db.Database.ExecuteSqlAsync($$"""
            UPDATE processes.process_revisions SET "Units" = (SELECT jsonb_agg(jsonb_set(e, '{to}', 'null')) FROM jsonb_array_elements("Units") e)
            WHERE "ProcessId" = {{process}} AND "ValidFrom" > '2099-01-10';
            UPDATE processes.processes SET "Units" = (SELECT jsonb_agg(jsonb_set(e, '{to}', 'null')) FROM jsonb_array_elements("Units") e)
            WHERE "ProcessId" = {{process}};
            """, Ct));
        async Task<int> UnitsOnAsync(string date)
            => (await organisation.ProcessesApi.GetFromJsonAsync<JsonObject>($"/api/processes/{process}?asOf={date}", Ct))!["units"]!.AsArray().Count;
        Assert.Equal(1, await UnitsOnAsync("2099-03-01")); // the fault, as the old data has it
        var versionBefore = await organisation.QueryAsync(db => db.Processes.Current.Where(p => p.EntityId == process).Select(p => p.Version).SingleAsync(Ct));

        Task<int> CorrectAsync()
            => Nacka.Records.Corrections.EndCorrections.RunOnceAsync<Nacka.Processes.Data.ProcessesDbContext>(organisation.Processes.Services, Ct);

        Assert.Equal(1, await CorrectAsync());
        Assert.Equal((0, 0), (await UnitsOnAsync("2099-03-01"), await UnitsOnAsync("2099-12-31")));
        var latest = (await organisation.QueryAsync(db => db.Processes.Current.SingleAsync(p => p.EntityId == process, Ct))).ToState();
        var cancelled = Assert.Single(latest.Units);
        Assert.Equal(cancelled.From, cancelled.To); // cancelled, as the end recorded today would
        Assert.Equal(versionBefore + 1, await organisation.QueryAsync(db => db.Processes.Current.Where(p => p.EntityId == process)
            .Select(p => p.Version).SingleAsync(Ct)));
        var announced = await organisation.QueryAsync(db => db.Set<Messaging.Outbox.OutboxMessage>()
            .Where(m => m.SubjectId == process && m.SubjectVersion == versionBefore + 1).Select(m => m.Type).ToListAsync(Ct));
        Assert.Equal("se.nacka.org.processes.process-ended.v1", Assert.Single(announced));
        var history = await organisation.ProcessesApi.GetStringAsync($"/api/processes/{process}/history", Ct);
        Assert.Contains(Nacka.Processes.Directory.OrganisationReadModel.CorrectedBy, history, StringComparison.Ordinal);
        Assert.Equal(0, await CorrectAsync());
    }

    [Fact]
    public async Task A_join_waits_for_the_units_dissolution_being_applied_so_one_of_them_sees_the_other()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Fisksätra skola", education);
        var process = Answers.Id(await organisation.CreateProcessAsync("Utbildningsprocessen", education));
        var connectionString = await organisation.QueryAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using (var dissolving = await connection.BeginTransactionAsync(Ct))
        {
            // What the UnitDissolved handler takes before it looks for the processes the unit is in (test-written SQL, a Guid of its own).
            await using (var command = new Npgsql.NpgsqlCommand($"SELECT 1 FROM processes.known_units WHERE \"UnitId\" = '{school}' FOR UPDATE", connection))
            {
                await command.ExecuteNonQueryAsync(Ct);
            }

            var joining = organisation.ProcessesApi.PostAsJsonAsync($"/api/processes/{process}/units",
                new { unitId = school, role = "deltar", from = "2025-01-01" }, Ct);
            var finished = await Task.WhenAny(joining, Task.Delay(TimeSpan.FromSeconds(2), Ct));
            Assert.NotSame(joining, finished); // without the share lock the join would be written under the handler's feet
            await dissolving.RollbackAsync(Ct);
            await Answers.OkAsync(await joining);
        }
    }

    [Fact]
    public async Task A_units_name_decided_for_next_year_shows_in_the_process_from_next_year()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Björknäs skola", education);
        var process = Answers.Id(await organisation.CreateProcessAsync("Utbildningsprocessen", education));
        await organisation.PostAsync($"/api/processes/{process}/units", new { unitId = school, role = "deltar", from = "2025-01-01" });

        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/rename",
            new { name = "Björknäs skola F-9", validFrom = "2099-01-01", reason = "Nytt namn" }, Ct));
        await organisation.KnownAsync(db => db.KnownUnits.AnyAsync(u => u.UnitId == school && u.Name == "Björknäs skola F-9"));

        async Task<string> UnitNameAsync(string query) =>
            (await organisation.ProcessesApi.GetFromJsonAsync<JsonObject>($"/api/processes/{process}{query}",
                Ct))!["units"]![0]!["unitName"]!.GetValue<string>();
        Assert.Equal("Björknäs skola", await UnitNameAsync(""));
        Assert.Equal("Björknäs skola F-9", await UnitNameAsync("?asOf=2099-01-01"));
    }
}
