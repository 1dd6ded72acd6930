using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Nacka.Testing;
using Nacka.Units.Data;
using Npgsql;
using Xunit;
using static Nacka.Units.Tests.Api.UnitsClient;

namespace Nacka.Units.Tests.Api;

/// <summary>
/// A service works on at most <c>Writes:ConcurrencyLimit</c> writes at once with <c>Writes:QueueLimit</c> waiting; one more is
/// answered 503 with <c>Retry-After</c> at once and changes nothing, while reads go on (ServiceDefaults/WriteAdmission.cs). Here one
/// write at once and one waiting; the write in progress is held by the test's lock on the units table.
/// </summary>
public sealed class WriteAdmissionTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_past_the_limit_and_the_queue_is_answered_503_at_once_and_changes_nothing_while_reads_go_on()
    {
        await using var service = new ServiceFactory<Program>(infrastructure, UnitsDbContext.ConnectionName, configure: web => web
            .UseSetting("Writes:ConcurrencyLimit", "1").UseSetting("Writes:QueueLimit", "1"));
        var api = new UnitsClient(service.CreateClientAs());
        var director = Id(await api.CreateDirectorAsync("Utbildningsdirektör"));
        var first = Id(await api.CreateUnitAsync("Järla skola", director, "grundskola"));
        var waiting = Id(await api.CreateUnitAsync("Nacka gymnasium", director, "grundskola"));
        var second = Id(await api.CreateUnitAsync("Sickla skola", director, "grundskola"));

        await using var connection = new NpgsqlConnection(service.DatabaseConnectionString);
        await connection.OpenAsync(Ct);
        Task<HttpResponseMessage> held, queued;
        await using (var lockHolder = await connection.BeginTransactionAsync(Ct))
        {
            // Writes wait for this lock; reads do not (EXCLUSIVE lets SELECT through).
            await using (var command = new NpgsqlCommand("LOCK TABLE units.units IN EXCLUSIVE MODE", connection, lockHolder))
            {
                await command.ExecuteNonQueryAsync(Ct);
            }

            held = api.Http.PostAsJsonAsync($"/api/units/{first}/rename", new { name = "Järla skola F-9", reason = "KS" }, Ct);
            Assert.NotSame(held, await Task.WhenAny(held, Task.Delay(TimeSpan.FromSeconds(1), Ct))); // in progress, holding the one turn
            queued = api.Http.PostAsJsonAsync($"/api/units/{waiting}/rename", new { name = "Nacka gymnasium Ö", reason = "KS" }, Ct);
            Assert.NotSame(queued, await Task.WhenAny(queued, Task.Delay(TimeSpan.FromSeconds(1), Ct))); // waiting for a turn, not refused

            var started = Stopwatch.GetTimestamp();
            var turnedAway = await api.Http.PostAsJsonAsync($"/api/units/{second}/rename", new { name = "Sickla skola F-9", reason = "KS" }, Ct);
            var problem = await ProblemAsync(turnedAway, HttpStatusCode.ServiceUnavailable);
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(1), "a write past the limit waited instead of being turned away");
            Assert.Equal("Too many writes at once", problem["title"]!.GetValue<string>());
            Assert.Equal("1", turnedAway.Headers.RetryAfter?.ToString());

            Assert.Equal("Sickla skola", (await api.GetAsync($"/api/units/{second}"))["name"]!.GetValue<string>()); // reads go on
            await lockHolder.CommitAsync(Ct);
        }

        Assert.Equal("Järla skola F-9", (await OkAsync(await held))["name"]!.GetValue<string>());
        Assert.Equal("Nacka gymnasium Ö", (await OkAsync(await queued))["name"]!.GetValue<string>()); // the one waiting got its turn
        var history = (await api.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>($"/api/units/{second}/history", Ct))!;
        Assert.Single(history); // the write turned away changed nothing

        // Its turn free again, the same write is taken.
        Assert.Equal("Sickla skola F-9", (await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{second}/rename",
            new { name = "Sickla skola F-9", reason = "KS" }, Ct)))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_limit_that_admits_nothing_is_refused_at_start()
    {
        await using var service = new ServiceFactory<Program>(infrastructure, UnitsDbContext.ConnectionName, configure: web => web
            .UseSetting("Writes:ConcurrencyLimit", "0"));
        var failure = Assert.ThrowsAny<Exception>(() => service.CreateClient());
        Assert.Contains("ConcurrencyLimit", failure.ToString(), StringComparison.Ordinal);
    }
}
