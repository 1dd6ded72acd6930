using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Messaging.Outbox;
using Nacka.Testing;
using Nacka.Units.Data;
using Xunit;
using static Nacka.Units.Tests.Api.UnitsClient;

namespace Nacka.Units.Tests.Api;

/// <summary>Writes under database faults: a transient error retried mid-write, a failed commit, a crash after commit.</summary>
public sealed class RetrySafeWriteTests(TestInfrastructure infrastructure)
{
    private readonly DatabaseFaults _faults = new();

    private (ServiceFactory<Program> Service, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Faulty) NewService()
    {
        var service = new ServiceFactory<Program>(infrastructure, UnitsDbContext.ConnectionName);
        return (service, service.WithDatabaseFaults<Program, UnitsDbContext>(_faults));
    }

    [Fact]
    public async Task A_split_retried_after_a_transient_error_mid_write_records_exactly_its_real_successors()
    {
        var (service, faulty) = NewService();
        await using var _ = service;
        await using var __ = faulty;
        var api = new UnitsClient(faulty.CreateClient().As("Test Registrar", TestTokens.Registrar));
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");
        var unit = await api.CreateUnitAsync("Älta skola", Id(director), "grundskola");

        _faults.FailOnceTransiently(c => DatabaseFaults.Inserts(c, "unit_revisions"));
        var split = await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{Id(unit)}/split", new
        {
            validFrom = "2026-01-01",
            reason = "Delas i två skolor",
            successors = new[] { UnitBody("Älta skola F-3", Id(director), "grundskola"), UnitBody("Älta skola 4-9", Id(director), "grundskola") },
        }));

        Assert.Equal(1, _faults.Injected);
        var successorIds = split["successorIds"]!.AsArray().Select(i => i!.GetValue<Guid>()).ToList();
        Assert.Equal(2, successorIds.Count);
        foreach (var id in successorIds)
        {
            Assert.Equal("active", (await api.GetAsync($"/api/units/{id}?asOf=2026-01-01"))["status"]!.GetValue<string>());
        }

        Assert.Equal(3, (await api.GetAsync("/api/units?status=all"))["totalCount"]!.GetValue<int>());
        var events = await OutboxAsync(faulty);
        var splitEvent = JsonNode.Parse(Assert.Single(events, e => e.Type.EndsWith("unit-split.v1", StringComparison.Ordinal)).Payload)!;
        Assert.Equal(successorIds, splitEvent["successors"]!.AsArray().Select(s => s!["unitId"]!.GetValue<Guid>()));
        var dissolved = JsonNode.Parse(Assert.Single(events, e => e.Type.EndsWith("unit-dissolved.v1", StringComparison.Ordinal)).Payload)!;
        Assert.Equal(successorIds, dissolved["successorIds"]!.AsArray().Select(s => s!.GetValue<Guid>()));
        Assert.Equal(3, events.Count(e => e.Type.EndsWith("unit-established.v1", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_create_with_an_Idempotency_Key_retried_after_a_transient_error_creates_one_unit_and_replays_it()
    {
        var (service, faulty) = NewService();
        await using var _ = service;
        await using var __ = faulty;
        var api = new UnitsClient(faulty.CreateClient().As("Test Registrar", TestTokens.Registrar));
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");

        _faults.FailOnceTransiently(c => DatabaseFaults.Inserts(c, "unit_revisions"));
        var first = await OkAsync(await PostAsync(api, director, "Förskolan Vitsippan", "key-1"), HttpStatusCode.Created);
        var retry = await OkAsync(await PostAsync(api, director, "Förskolan Vitsippan", "key-1"), HttpStatusCode.Created);

        Assert.Equal(1, _faults.Injected);
        Assert.Equal(Id(first), Id(retry));
        Assert.Equal(1, (await api.GetAsync("/api/units?status=all"))["totalCount"]!.GetValue<int>());
        Assert.Single(await OutboxAsync(faulty), e => e.Type.EndsWith("unit-established.v1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_crash_after_commit_then_a_retry_with_the_same_key_returns_the_first_result_and_creates_nothing_new()
    {
        var (service, faulty) = NewService();
        await using var _ = service;
        await using var __ = faulty;
        var api = new UnitsClient(faulty.CreateClient().As("Test Registrar", TestTokens.Registrar));
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");

        _faults.CrashAfterNextCommit();
        var crashed = await PostAsync(api, director, "Förskolan Blåsippan", "key-2");
        Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);

        var retry = await PostAsync(api, director, "Förskolan Blåsippan", "key-2");
        var replayed = await OkAsync(retry, HttpStatusCode.Created);

        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var all = await api.GetAsync("/api/units?status=all");
        Assert.Equal(1, all["totalCount"]!.GetValue<int>());
        Assert.Equal(Id(replayed), Id(all["items"]![0]!.AsObject()));
    }

    [Fact]
    public async Task A_failure_forced_at_commit_leaves_neither_the_change_nor_its_events()
    {
        var (service, faulty) = NewService();
        await using var _ = service;
        await using var __ = faulty;
        var api = new UnitsClient(faulty.CreateClient().As("Test Registrar", TestTokens.Registrar));
        var director = await api.CreateDirectorAsync("Utbildningsdirektör");
        var unit = await api.CreateUnitAsync("Järla skola", Id(director), "grundskola");
        var eventsBefore = (await OutboxAsync(faulty)).Count;

        _faults.FailNextCommit();
        var failed = await api.Http.PostAsJsonAsync($"/api/units/{Id(unit)}/rename", new { name = "Järla skola F-9", reason = "Ny inriktning" });

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("Järla skola", (await api.GetAsync($"/api/units/{Id(unit)}"))["name"]!.GetValue<string>());
        Assert.Single((await api.Http.GetFromJsonAsync<JsonArray>($"/api/units/{Id(unit)}/history"))!);
        Assert.Equal(eventsBefore, (await OutboxAsync(faulty)).Count);
    }

    private static async Task<HttpResponseMessage> PostAsync(UnitsClient api, JsonObject director, string name, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/units") { Content = JsonContent.Create(UnitBody(name, Id(director))) };
        request.Headers.Add("Idempotency-Key", key);
        return await api.Http.SendAsync(request);
    }

    private static async Task<List<OutboxMessage>> OutboxAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> service)
    {
        await using var scope = service.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UnitsDbContext>().Set<OutboxMessage>().OrderBy(m => m.Id).ToListAsync();
    }
}
