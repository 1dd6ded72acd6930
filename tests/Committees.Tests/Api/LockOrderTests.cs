using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Nacka.Testing;
using Npgsql;
using Xunit;

namespace Nacka.Committees.Tests.Api;

/// <summary>
/// An assignment issued while its unit's or its nämnd's dissolution is being applied is never left
/// open: issuing share-locks the unit's read-model row and the nämnd's row until it commits, and the
/// dissolution (the handler of the unit's, the nämnd's own endpoint) locks that row for update before
/// it looks for open assignments. Each test holds one side's lock in a
/// transaction of its own and shows the other side waits for it — and, for the handler, that what
/// committed under the lock is seen and withdrawn (a handler that looked first would miss it).
/// </summary>
public sealed class LockOrderTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Issuing_an_assignment_waits_for_a_dissolution_being_applied_to_its_unit()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Lännerstaskolan", education);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var un = Answers.Id(await api.CreateCommitteeAsync("Utbildningsnämnden", [education]));

        await using var connection = await OpenAsync(organisation);
        await using (var dissolving = await connection.BeginTransactionAsync(Ct))
        {
            await RunAsync(connection,
                $"SELECT 1 FROM committees.known_units WHERE \"UnitId\" = '{school}' FOR UPDATE"); // what the UnitDissolved handler takes first
            var issuing = api.Http.PostAsJsonAsync("/api/assignments", CommitteesClient.IssueBody(un, school), Ct);

            var finished = await Task.WhenAny(issuing, Task.Delay(Held, Ct));
            Assert.NotSame(issuing, finished); // without the share lock the assignment would be issued under the handler's feet
            await dissolving.RollbackAsync(Ct);
            await Answers.OkAsync(await issuing, HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task The_dissolution_handler_locks_the_unit_before_it_looks_and_withdraws_an_assignment_committed_meanwhile()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Älta skola", education);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var un = Answers.Id(await api.CreateCommitteeAsync("Utbildningsnämnden", [education]));
        var template = Answers.Id(await api.IssueAsync(un, school, "Mall"));
        var inFlight = Guid.CreateVersion7();

        await using var connection = await OpenAsync(organisation);
        await using (var issuing = await connection.BeginTransactionAsync(Ct))
        {
            // An issue in flight: the unit share-locked (as CommitteeWrites.LockUnitAsync does), an issued assignment written, not yet committed.
            await IssueInFlightAsync(connection, $"SELECT 1 FROM committees.known_units WHERE \"UnitId\" = '{school}' FOR SHARE", template, inFlight);

            await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/dissolve",
                new { dissolvedOn = "2026-12-31", reason = "Stängs" }, Ct));
            await Task.Delay(Held, Ct); // the event arrives; the handler waits on the lock
            Assert.False(await organisation.QueryAsync(d => d.KnownUnits.AnyAsync(u => u.UnitId == school && u.DissolvedOn != null, Ct)));
            await issuing.CommitAsync(Ct);
        }

        await organisation.KnownAsync(d => d.Assignments.Current.AnyAsync(a => a.EntityId == inFlight && a.Status == "withdrawn", Ct));
    }

    [Fact]
    public async Task A_nämnds_dissolution_locks_it_before_it_looks_and_withdraws_an_assignment_committed_meanwhile()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Saltsjöbadens skola", education);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var un = Answers.Id(await api.CreateCommitteeAsync("Fritidsnämnden", [education]));
        var template = Answers.Id(await api.IssueAsync(un, school, "Mall"));
        var inFlight = Guid.CreateVersion7();

        await using var connection = await OpenAsync(organisation);
        Task<HttpResponseMessage> dissolving;
        await using (var issuing = await connection.BeginTransactionAsync(Ct))
        {
            // An issue in flight: the nämnd share-locked (as CommitteeWrites.LockCommitteeAsync does), an issued assignment written, not yet committed.
            await IssueInFlightAsync(connection, $"SELECT 1 FROM committees.committees WHERE \"CommitteeId\" = '{un}' FOR SHARE", template, inFlight);

            dissolving = api.Http.PostAsJsonAsync($"/api/committees/{un}/dissolve", new { dissolvedOn = "2026-12-31", reason = "Upphör" }, Ct);
            var finished = await Task.WhenAny(dissolving, Task.Delay(Held, Ct));
            Assert.NotSame(dissolving, finished); // the dissolution waits for the issue before it looks for open assignments
            await issuing.CommitAsync(Ct);
        }

        await Answers.OkAsync(await dissolving);
        Assert.True(await organisation.QueryAsync(d => d.Assignments.Current.AnyAsync(a => a.EntityId == inFlight && a.Status == "withdrawn", Ct)));
    }

    /// <summary>An issue in flight: <paramref name="shareLock"/> taken, a copy of <paramref name="template"/> written as <paramref name="inFlight"/>,
    /// not yet committed.</summary>
    private static Task IssueInFlightAsync(NpgsqlConnection connection, string shareLock, Guid template, Guid inFlight) => RunAsync(connection, $"""
        {shareLock};
        CREATE TEMP TABLE in_flight ON COMMIT DROP AS SELECT * FROM committees.assignment_revisions WHERE "AssignmentId" = '{template}';
        CREATE TEMP TABLE in_flight_current ON COMMIT DROP AS SELECT * FROM committees.assignments WHERE "AssignmentId" = '{template}';
        UPDATE in_flight SET "AssignmentId" = '{inFlight}';
        UPDATE in_flight_current SET "AssignmentId" = '{inFlight}';
        INSERT INTO committees.assignment_revisions SELECT * FROM in_flight;
        INSERT INTO committees.assignments SELECT * FROM in_flight_current;
        """);

    private static async Task<NpgsqlConnection> OpenAsync(Organisation organisation)
    {
        var connectionString = await organisation.QueryAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        return connection;
    }

    /// <summary>Test-written SQL: the ids are Guids formatted by the test, nothing from outside.</summary>
    private static async Task RunAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
