using System.Net;
using System.Net.Http.Json;
using Nacka.Records.Writes;
using Nacka.Testing;
using Nacka.Units.Data;
using Npgsql;
using Xunit;
using static Nacka.Units.Tests.Api.UnitsClient;

namespace Nacka.Units.Tests.Api;

/// <summary>
/// Two writes to one record at once: the one that saves second finds its version taken. Sent without <c>If-Match</c> it
/// asked for no particular version, so it runs again on the record as the other left it; with <c>If-Match</c> it named
/// the version it saw and is answered 412 (<see cref="RecordWrites.WriteAsync"/>). The other write is held open by the test
/// (a rename written by SQL, not yet committed), so the order is certain.
/// </summary>
public sealed class ConcurrentChangeTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Held = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_write_without_If_Match_that_meets_a_concurrent_change_is_made_on_what_that_change_left()
    {
        await using var service = new ServiceFactory<Program>(infrastructure, UnitsDbContext.ConnectionName);
        var api = new UnitsClient(service.CreateClientAs());
        var unit = Id(await api.CreateUnitAsync("Järla skola", Id(await api.CreateDirectorAsync("Utbildningsdirektör")), "grundskola"));

        var renaming = await WhileARenameIsInFlightAsync(service, unit, () =>
            api.Http.PostAsJsonAsync($"/api/units/{unit}/rename", new { name = "Järla skola F-9", reason = "KS" }, Ct));

        var renamed = await OkAsync(renaming);
        Assert.Equal(("Järla skola F-9", 3), (renamed["name"]!.GetValue<string>(), renamed["version"]!.GetValue<int>()));
        var history = (await api.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>($"/api/units/{unit}/history", Ct))!;
        Assert.Equal(["Järla skola", "Skola i flykten", "Järla skola F-9"], history.Select(h => h!["state"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_write_with_If_Match_that_meets_a_concurrent_change_is_answered_412_and_changes_nothing()
    {
        await using var service = new ServiceFactory<Program>(infrastructure, UnitsDbContext.ConnectionName);
        var api = new UnitsClient(service.CreateClientAs());
        var unit = Id(await api.CreateUnitAsync("Sickla skola", Id(await api.CreateDirectorAsync("Utbildningsdirektör")), "grundskola"));

        var renaming = await WhileARenameIsInFlightAsync(service, unit, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post,
                $"/api/units/{unit}/rename") { Content = JsonContent.Create(new { name = "Sickla skola F-9", reason = "KS" }) };
            request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
            return api.Http.SendAsync(request, Ct);
        });

        await ProblemAsync(renaming, HttpStatusCode.PreconditionFailed);
        Assert.Equal(("Skola i flykten", 2), ((await api.GetAsync($"/api/units/{unit}"))["name"]!.GetValue<string>(),
            (await api.GetAsync($"/api/units/{unit}"))["version"]!.GetValue<int>()));
    }

    /// <summary>
    /// Sends <paramref name="send"/> while a rename of <paramref name="unit"/> to version 2 is written and not committed, waits until
    /// the request is held up by it, commits, and returns the request's answer.
    /// </summary>
    private static async Task<HttpResponseMessage> WhileARenameIsInFlightAsync(ServiceFactory<Program> service, Guid unit, Func<Task<HttpResponseMessage>> send)
    {
        await using var connection = new NpgsqlConnection(service.DatabaseConnectionString);
        await connection.OpenAsync(Ct);
        Task<HttpResponseMessage> sending;
        await using (var inFlight = await connection.BeginTransactionAsync(Ct))
        {
            // Test-written SQL: the id is a Guid formatted by the test.
            await using (var command = new NpgsqlCommand($"""
                -- Copies the columns that are not generated (the folded names are computed by PostgreSQL on insert).
                DO $do$
                DECLARE cols text;
                BEGIN
                    SELECT string_agg(quote_ident(column_name), ',' ORDER BY ordinal_position) INTO cols
                        FROM information_schema.columns WHERE table_schema = 'units' AND table_name = 'unit_revisions' AND is_generated = 'NEVER';
                    EXECUTE format('CREATE TEMP TABLE in_flight ON COMMIT DROP AS SELECT %s FROM units.unit_revisions WHERE "UnitId" = %L AND "Version" = 1',
                        cols, '{unit}');
                    UPDATE in_flight SET "Version" = 2, "Name" = 'Skola i flykten', "Change" = 'renamed', "RecordedAt" = now();
                    EXECUTE format('INSERT INTO units.unit_revisions (%s) SELECT %s FROM in_flight', cols, cols);
                END $do$;
                UPDATE units.units SET "Version" = 2, "Name" = 'Skola i flykten', "Change" = 'renamed' WHERE "UnitId" = '{unit}';
                """, connection, inFlight))
            {
                await command.ExecuteNonQueryAsync(Ct);
            }

            sending = send();
            Assert.NotSame(sending, await Task.WhenAny(sending, Task.Delay(Held, Ct))); // held up by the rename in flight
            await inFlight.CommitAsync(Ct);
        }

        return await sending;
    }
}
