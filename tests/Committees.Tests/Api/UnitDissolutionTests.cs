extern alias units;

using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Committees.Data;
using Nacka.Contracts;
using Nacka.Contracts.Units;
using Nacka.Messaging.Outbox;
using Nacka.Messaging.ReadModels;
using Nacka.Testing;
using Xunit;

namespace Nacka.Committees.Tests.Api;

/// <summary>
/// A unit dissolved in Units withdraws its open assignments in Committees, from the dissolution
/// date, exactly once — whether the event comes once, twice, or before the unit's earlier events.
/// </summary>
public sealed class UnitDissolutionTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dissolving_a_unit_withdraws_its_open_assignments_from_that_date_and_leaves_closed_ones_alone()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Fisksätra skola", education);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var un = Answers.Id(await api.CreateCommitteeAsync("Utbildningsnämnden", [education]));
        var open = Answers.Id(await api.IssueAsync(un, school, "Öppet"));
        var done = Answers.Id(await api.IssueAsync(un, school, "Klart"));
        await Answers.OkAsync(await api.Http.PostAsJsonAsync($"/api/assignments/{done}/complete", new { completedOn = "2026-02-01" }, Ct));
        await using var subscriber = await PlainSubscriber.BindAsync(organisation.Messaging,
            EventNaming.For<Contracts.Committees.AssignmentWithdrawn>().Exchange);

        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/dissolve",
            new { dissolvedOn = "2026-12-31", reason = "Skolan stängs" }, Ct));
        // A subscriber of Committees sees the withdrawal on RabbitMQ, with the unit's name and the reason.
        var announced = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(await subscriber.ReceiveAsync(1, TimeSpan.FromSeconds(30))).BodyText)!;
        Assert.Equal((open, "Fisksätra skola", "unit-dissolved", "2026-12-31"),
            (announced["assignmentId"]!.GetValue<Guid>(), announced["unitName"]!.GetValue<string>(),
            announced["reason"]!.GetValue<string>(), announced["withdrawnOn"]!.GetValue<string>()));

        await organisation.KnownAsync(db => db.Assignments.Current.AnyAsync(a => a.EntityId == open && a.Status == "withdrawn"));
        var withdrawn = await api.GetAsync($"/api/assignments/{open}?asOf=2026-12-31");
        Assert.Equal(("withdrawn", "unit-dissolved", "2026-12-31"),
            (withdrawn["status"]!.GetValue<string>(), withdrawn["closedReason"]!.GetValue<string>(), withdrawn["closedOn"]!.GetValue<string>()));
        Assert.Equal("issued", (await api.GetAsync($"/api/assignments/{open}?asOf=2026-12-30"))["status"]!.GetValue<string>());
        Assert.Equal("completed", (await api.GetAsync($"/api/assignments/{done}"))["status"]!.GetValue<string>());
        Assert.Equal(1, await WithdrawalsAsync(organisation));
        Assert.Empty((await api.GetAsync("/api/assignments/needing-reassignment"))["items"]!.AsArray()); // no successors: nothing to reassign
    }

    [Fact]
    public async Task A_briefed_assignment_is_withdrawn_with_its_unit_like_any_open_one()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Sågtorpsskolan", education);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var un = Answers.Id(await api.CreateCommitteeAsync("Utbildningsnämnden", [education]));
        var briefed = Answers.Id(await api.IssueAsync(un, school, "Genomgånget"));
        await Answers.OkAsync(await api.Http.PostAsJsonAsync($"/api/assignments/{briefed}/briefing", new { briefedOn = "2026-02-01", note = "Möte" }, Ct));

        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/dissolve",
            new { dissolvedOn = "2026-12-31", reason = "Skolan stängs" }, Ct));

        await organisation.KnownAsync(db => db.Assignments.Current.AnyAsync(a => a.EntityId == briefed && a.Status == "withdrawn"));
        var withdrawn = await api.GetAsync($"/api/assignments/{briefed}?asOf=2026-12-31");
        Assert.Equal(("withdrawn", "2026-12-31", "2026-02-01"), (withdrawn["status"]!.GetValue<string>(), withdrawn["closedOn"]!.GetValue<string>(),
            withdrawn["briefing"]!["briefedOn"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_assignment_issued_after_its_units_or_committees_dissolution_is_recorded_ends_on_that_date()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var closing = await organisation.UnitAsync("Myrsjöskolan", education);
        var staying = await organisation.UnitAsync("Kunskapsskolan", education);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var un = Answers.Id(await api.CreateCommitteeAsync("Utbildningsnämnden", [education]));
        var ending = Answers.Id(await api.CreateCommitteeAsync("Fritidsnämnden", [education]));
        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{closing}/dissolve",
            new { dissolvedOn = "2099-06-30", reason = "Stängs" }, Ct));
        await organisation.KnownAsync(db => db.KnownUnits.AnyAsync(u => u.UnitId == closing && u.DissolvedOn != null));
        await Answers.OkAsync(await api.Http.PostAsJsonAsync($"/api/committees/{ending}/dissolve",
            new { dissolvedOn = "2099-03-31", reason = "Omorganisation" }, Ct));

        var toClosingUnit = await api.IssueAsync(un, closing, "Till en skola som stängs", from: "2099-01-01");
        var fromEndingCommittee = await api.IssueAsync(ending, staying, "Från en nämnd som upphör", from: "2099-01-01");

        Assert.Equal(("2099-06-30", "unit-dissolved"), (toClosingUnit["closedOn"]!.GetValue<string>(), toClosingUnit["closedReason"]!.GetValue<string>()));
        Assert.Equal("issued", (await api.GetAsync($"/api/assignments/{Answers.Id(toClosingUnit)}?asOf=2099-06-29"))["status"]!.GetValue<string>());
        Assert.Equal("withdrawn", (await api.GetAsync($"/api/assignments/{Answers.Id(toClosingUnit)}?asOf=2099-06-30"))["status"]!.GetValue<string>());
        Assert.Equal(("2099-03-31", "committee-dissolved"), (fromEndingCommittee["closedOn"]!.GetValue<string>(),
            fromEndingCommittee["closedReason"]!.GetValue<string>()));
        Assert.Equal("issued", (await api.GetAsync($"/api/assignments/{Answers.Id(fromEndingCommittee)}?asOf=2099-03-30"))["status"]!.GetValue<string>());
        Assert.Equal("withdrawn", (await api.GetAsync($"/api/assignments/{Answers.Id(fromEndingCommittee)}?asOf=2099-03-31"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_merged_units_assignments_are_listed_for_reassignment_not_moved_and_leave_the_list_when_continued()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var survivor = await organisation.UnitAsync("Förskolan Eken", education);
        var merged = await organisation.UnitAsync("Förskolan Tallen", education);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var un = Answers.Id(await api.CreateCommitteeAsync("Utbildningsnämnden", [education]));
        var assignment = Answers.Id(await api.IssueAsync(un, merged, "Utemiljö"));

        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{survivor}/merge",
            new { sourceUnitIds = new[] { merged }, validFrom = "2026-08-01", reason = "Sammanslagning" }, Ct));

        await organisation.KnownAsync(db => db.Assignments.Current.AnyAsync(a => a.EntityId == assignment && a.Status == "withdrawn"));
        var listed = (await api.GetAsync("/api/assignments/needing-reassignment"))["items"]!.AsArray();
        Assert.Equal(survivor, Assert.Single(Assert.Single(listed)!["successorUnits"]!.AsArray())!["id"]!.GetValue<Guid>());
        Assert.Equal(0, (await api.GetAsync($"/api/assignments?unitId={survivor}"))["totalCount"]!.GetValue<int>()); // not silently moved

        var unrelated = await organisation.UnitAsync("Sickla skola", education);
        var notSuccessor = await Answers.ProblemAsync(await api.Http.PostAsJsonAsync("/api/assignments",
            new { committeeId = un, unitId = unrelated, title = "Utemiljö", from = "2026-08-01", continuesAssignmentId = assignment }, Ct),
                System.Net.HttpStatusCode.Conflict);
        Assert.Equal("not-a-successor", notSuccessor["code"]!.GetValue<string>());
        var continued = await Answers.OkAsync(await api.Http.PostAsJsonAsync("/api/assignments",
            new { committeeId = un, unitId = survivor, title = "Utemiljö", from = "2026-08-01", continuesAssignmentId = assignment }, Ct),
                System.Net.HttpStatusCode.Created);
        Assert.Equal(assignment, continued["continuesAssignmentId"]!.GetValue<Guid>());
        Assert.Empty((await api.GetAsync("/api/assignments/needing-reassignment"))["items"]!.AsArray());
        var again = await Answers.ProblemAsync(await api.Http.PostAsJsonAsync("/api/assignments",
            new { committeeId = un, unitId = survivor, title = "Utemiljö igen", from = "2026-08-01", continuesAssignmentId = assignment }, Ct),
                System.Net.HttpStatusCode.Conflict);
        Assert.Equal("already-continued", again["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnitDissolved_delivered_twice_and_before_the_units_earlier_events_withdraws_once()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Boo gårds skola", education);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var un = Answers.Id(await api.CreateCommitteeAsync("Utbildningsnämnden", [education]));
        var assignment = Answers.Id(await api.IssueAsync(un, school, "Simundervisning"));

        // Committees stops consuming; Units renames (v2) and dissolves (v3) the unit meanwhile.
        var bus = organisation.Committees.Services.GetRequiredService<IBusControl>();
        await bus.StopAsync(Ct);
        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/rename",
            new { name = "Boo skola", validFrom = "2026-09-01", reason = "Nytt namn" }, Ct));
        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/dissolve",
            new { dissolvedOn = "2026-12-31", reason = "Nedläggning" }, Ct));
        var dissolved = await PublishedEvents.LastAsync<UnitDissolved, units::Nacka.Units.Data.UnitsDbContext>(organisation.Units.Services, school);

        // v3 arrives first (v2 is fetched from the Units feed), then once more.
        Assert.Equal(2, await PublishedEvents.ApplyAsync<CommitteesDbContext>(organisation.Committees.Services, dissolved));
        Assert.Equal(0, await PublishedEvents.ApplyAsync<CommitteesDbContext>(organisation.Committees.Services, dissolved));
        // The broker delivers the queued v2 and v3 as well when consuming resumes.
        await bus.StartAsync(Ct);
        await Eventually.HoldsAsync(async () => await QueueDepthAsync(organisation) == 0, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2), Ct); // taken from the queues; give them time to be applied (or skipped)

        Assert.Equal(1, await WithdrawalsAsync(organisation));
        var withdrawn = await api.GetAsync($"/api/assignments/{assignment}?asOf=2027-01-01");
        Assert.Equal((2, "Boo skola", "unit-dissolved"), (withdrawn["version"]!.GetValue<int>(), withdrawn["unit"]!["name"]!.GetValue<string>(),
            withdrawn["closedReason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Data_written_before_ends_bounded_assignments_is_corrected_once_each_correction_an_event()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Ektorps skola", education);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var un = Answers.Id(await api.CreateCommitteeAsync("Utbildningsnämnden", [education]));
        var open = Answers.Id(await api.IssueAsync(un, school, "Kvar sedan förr", from: "2026-01-01"));
        // As an older version left it: the unit's dissolution known, its assignment still issued.
        await organisation.QueryAsync(async db =>
        {
            (await db.KnownUnits.SingleAsync(u => u.UnitId == school, Ct)).DissolvedOn = new DateOnly(2026, 6, 30);
            return await db.SaveChangesAsync(Ct);
        });
        Assert.Equal("issued", (await api.GetAsync($"/api/assignments/{open}?asOf=2026-07-01"))["status"]!.GetValue<string>());

        Task<int> CorrectAsync() => Nacka.Records.Corrections.EndCorrections.RunOnceAsync<CommitteesDbContext>(organisation.Committees.Services, Ct);

        Assert.Equal(1, await CorrectAsync());
        var corrected = await api.GetAsync($"/api/assignments/{open}?asOf=2026-06-30");
        Assert.Equal(("withdrawn", "2026-06-30", "unit-dissolved"),
            (corrected["status"]!.GetValue<string>(), corrected["closedOn"]!.GetValue<string>(), corrected["closedReason"]!.GetValue<string>()));
        Assert.Equal("issued", (await api.GetAsync($"/api/assignments/{open}?asOf=2026-06-29"))["status"]!.GetValue<string>());
        Assert.Equal("Committees (correction against recorded ends)",
            (await api.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>($"/api/assignments/{open}/history", Ct))!
            .Select(h => h!["recordedBy"]?.GetValue<string>()).Last());
        Assert.Equal(1, await WithdrawalsAsync(organisation));
        Assert.Equal(0, await CorrectAsync()); // nothing left to correct: running it again changes nothing
        Assert.Equal(1, await WithdrawalsAsync(organisation));
    }

    private static Task<int> WithdrawalsAsync(Organisation organisation) =>
        organisation.QueryAsync(db => db.Set<OutboxMessage>()
            .CountAsync(m => m.Type == EventNaming.For<Contracts.Committees.AssignmentWithdrawn>().CloudEventType));

    /// <summary>Messages waiting in the Committees read model's unit queues (one queue per event type).</summary>
    private static async Task<uint> QueueDepthAsync(Organisation organisation)
    {
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(organisation.Messaging) };
        await using var connection = await factory.CreateConnectionAsync(Ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        uint waiting = 0;
        foreach (var queue in new[] { "committees.unit-renamed", "committees.unit-dissolved" })
        {
            waiting += await channel.MessageCountAsync(queue, Ct);
        }

        return waiting;
    }
}
