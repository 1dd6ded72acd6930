using System.Net.Http.Json;
using Nacka.Contracts;
using Nacka.Contracts.Processes;
using Nacka.Processes.Data;
using Nacka.Testing;
using Xunit;

namespace Nacka.Processes.Tests.Api;

/// <summary>The toolkit's write contract for every Processes write route, beside the real Units, Committees and Mandates services.</summary>
public sealed class ProcessesWriteContractTests(TestInfrastructure infrastructure)
    : WriteContractTests<Program, ProcessesDbContext>(infrastructure, ProcessesDbContext.ConnectionName), IAsyncLifetime
{
    private const string Actor = "556036-0793";
    private Organisation _organisation = null!;
    private int _names;

    public async ValueTask InitializeAsync() => _organisation = await Organisation.StartAsync(Infrastructure, startProcesses: false);

    public async ValueTask DisposeAsync() => await _organisation.DisposeAsync();

    protected override string WriteRole => TestTokens.Registrar;

    protected override Task<ServiceFactory<Program>> StartServiceAsync() => _organisation.StartProcessesAsync();

    private static string Type<TEvent>() where TEvent : IIntegrationEvent => EventNaming.For<TEvent>().CloudEventType;

    private int Next() => Interlocked.Increment(ref _names);

    /// <summary>A held director post known to the Processes instance under test.</summary>
    private Task<Guid> DirectorAsync() => _organisation.DirectorAsync($"Direktör {Next()}");

    private static async Task<Guid> ProcessAsync(HttpClient client, Guid owner)
    {
        using var response = await client.PostAsJsonAsync("/api/processes",
            new { name = $"Process {Guid.NewGuid():N}", kind = "main", ownerDirectorPostId = owner, establishedOn = "2020-01-01" });
        return Answers.Id(await Answers.OkAsync(response, System.Net.HttpStatusCode.Created));
    }

    private static async Task PostAsync(HttpClient client, string path, object body) => await Answers.OkAsync(await client.PostAsJsonAsync(path, body));

    protected override IReadOnlyList<WriteScenario> Scenarios =>
    [
        new("POST /api/processes/", [Type<ProcessEstablished>(), Type<ManagementGroupSeatAdded>()], async client =>
        {
            var owner = await DirectorAsync();
            return new WriteRequest("/api/processes", new { name = "Tekniska processen", kind = "main", ownerDirectorPostId = owner },
                new { name = "Tekniska processen", kind = "main" });
        }),
        new("PUT /api/processes/{id:guid}/details", [Type<ProcessDetailsChanged>()], async client =>
        {
            var id = await ProcessAsync(client, await DirectorAsync());
            return new WriteRequest($"/api/processes/{id}/details", new { name = "Nytt namn", kind = "support" }, new { name = "Nytt namn", kind = "core" });
        }),
        new("POST /api/processes/{id:guid}/owner", [Type<ProcessOwnerChanged>(), Type<ManagementGroupSeatEnded>(), Type<ManagementGroupSeatAdded>()],
            async client =>
        {
            var id = await ProcessAsync(client, await DirectorAsync());
            var next = await DirectorAsync();
            var vacant = await _organisation.DirectorAsync($"Vakant {Next()}", holder: null);
            return new WriteRequest($"/api/processes/{id}/owner", new { directorPostId = next, reason = "Ny ägare" }, new { directorPostId = vacant });
        }),
        new("POST /api/processes/{id:guid}/end", [Type<ProcessEnded>()], async client =>
        {
            var id = await ProcessAsync(client, await DirectorAsync());
            return new WriteRequest($"/api/processes/{id}/end", new { reason = "Avvecklas" }, new { });
        }),
        new("POST /api/processes/{id:guid}/units", [Type<UnitJoinedProcess>()], async client =>
        {
            var owner = await DirectorAsync();
            var unit = await _organisation.UnitAsync($"Enhet {Next()}", owner);
            var id = await ProcessAsync(client, owner);
            return new WriteRequest($"/api/processes/{id}/units", new { unitId = unit, role = "deltar" }, new { unitId = unit, role = "" });
        }),
        new("POST /api/processes/{id:guid}/units/{unitId:guid}/leave", [Type<UnitLeftProcess>()], async client =>
        {
            var owner = await DirectorAsync();
            var unit = await _organisation.UnitAsync($"Enhet {Next()}", owner);
            var id = await ProcessAsync(client, owner);
            await PostAsync(client, $"/api/processes/{id}/units", new { unitId = unit, role = "deltar", from = "2025-01-01" });
            return new WriteRequest($"/api/processes/{id}/units/{unit}/leave", new { reason = "Flyttar" }, new { to = "2000-01-01" });
        }),
        new("POST /api/processes/{id:guid}/actors", [Type<ExternalActorEngaged>()], async client =>
        {
            var id = await ProcessAsync(client, await DirectorAsync());
            return new WriteRequest($"/api/processes/{id}/actors", new { organisationsnummer = Actor, name = "Friskolan Exempel AB" },
                new { organisationsnummer = "123", name = "X" });
        }),
        new("POST /api/processes/{id:guid}/actors/{organisationsnummer}/disengage",
            [Type<ExternalActorDisengaged>(), Type<ManagementGroupSeatEnded>()], async client =>
        {
            var id = await ProcessAsync(client, await DirectorAsync());
            await PostAsync(client, $"/api/processes/{id}/actors", new { organisationsnummer = Actor, name = "Friskolan Exempel AB", from = "2025-01-01" });
            await PostAsync(client, $"/api/processes/{id}/seats",
                new { kind = "external", organisationsnummer = Actor, representativeName = "Eva", from = "2025-01-01" });
            return new WriteRequest($"/api/processes/{id}/actors/{Actor}/disengage", new { }, new { to = "2000-01-01" });
        }),
        new("POST /api/processes/{id:guid}/seats", [Type<ManagementGroupSeatAdded>()], async client =>
        {
            var owner = await DirectorAsync();
            var member = await DirectorAsync();
            var id = await ProcessAsync(client, owner);
            return new WriteRequest($"/api/processes/{id}/seats", new { kind = "director", directorPostId = member },
                new { kind = "director", directorPostId = owner });
        }),
        new("POST /api/processes/{id:guid}/seats/{seatId:guid}/end", [Type<ManagementGroupSeatEnded>()], async client =>
        {
            var owner = await DirectorAsync();
            var member = await DirectorAsync();
            var id = await ProcessAsync(client, owner);
            using var added = await client.PostAsJsonAsync($"/api/processes/{id}/seats",
                new { kind = "director", directorPostId = member, from = "2025-01-01" });
            var seat = (await Answers.OkAsync(added))["managementGroup"]!.AsArray()
                .Single(s => s!["role"]!.GetValue<string>() == "member")!["seatId"]!.GetValue<Guid>();
            return new WriteRequest($"/api/processes/{id}/seats/{seat}/end", new { reason = "Lämnar" }, new { to = "2000-01-01" });
        }),
    ];
}
