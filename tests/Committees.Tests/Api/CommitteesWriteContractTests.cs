using System.Net;
using System.Net.Http.Json;
using Nacka.Committees.Data;
using Nacka.Contracts;
using Nacka.Contracts.Committees;
using Nacka.Testing;
using Xunit;

namespace Nacka.Committees.Tests.Api;

/// <summary>
/// The toolkit's write contract for every Committees write route. Each scenario runs on a fresh
/// Committees instance beside one real Units service (own virtual host), which registers the
/// director posts and units the writes need.
/// </summary>
public sealed class CommitteesWriteContractTests(TestInfrastructure infrastructure)
    : WriteContractTests<Program, CommitteesDbContext>(infrastructure, CommitteesDbContext.ConnectionName), IAsyncLifetime
{
    private Organisation _organisation = null!;

    public async ValueTask InitializeAsync() => _organisation = await Organisation.StartAsync(Infrastructure, startCommittees: false);

    public async ValueTask DisposeAsync() => await _organisation.DisposeAsync();

    protected override string WriteRole => TestTokens.Registrar;

    protected override Task<ServiceFactory<Program>> StartServiceAsync() => _organisation.StartCommitteesAsync();

    private static string Type<TEvent>() where TEvent : IIntegrationEvent => EventNaming.For<TEvent>().CloudEventType;

    private int _names;

    /// <summary>A linked director and a unit reporting to it, known to the Committees instance under test.</summary>
    private async Task<(Guid Director, Guid Unit)> DirectorAndUnitAsync()
    {
        var n = Interlocked.Increment(ref _names);
        var director = await _organisation.DirectorAsync($"Direktör {n}");
        return (director, await _organisation.UnitAsync($"Enhet {n}", director));
    }

    private static async Task<Guid> CommitteeAsync(HttpClient client, Guid director, string name) =>
        Answers.Id(await new CommitteesClient(client).CreateCommitteeAsync(name, [director]));

    private static async Task<Guid> AssignmentAsync(HttpClient client, Guid director, Guid unit) =>
        Answers.Id(await new CommitteesClient(client).IssueAsync(await CommitteeAsync(client, director, "Utbildningsnämnden"), unit));

    protected override IReadOnlyList<WriteScenario> Scenarios =>
    [
        new("POST /api/committees/", [Type<CommitteeEstablished>()], async client =>
        {
            var (director, _) = await DirectorAndUnitAsync();
            return new WriteRequest("/api/committees", new { name = "Socialnämnden", kind = "Committee", linkDirectorPostIds = new[] { director } },
                new { name = "Socialnämnden", kind = "Committee", linkDirectorPostIds = Array.Empty<Guid>() });
        }),
        new("PUT /api/committees/{id:guid}/details", [Type<CommitteeDetailsChanged>()], async client =>
        {
            var (director, _) = await DirectorAndUnitAsync();
            var id = await CommitteeAsync(client, director, "Äldrenämnden");
            return new WriteRequest($"/api/committees/{id}/details", new { name = "Äldre- och omsorgsnämnden", area = "Äldreomsorg" }, new { name = "" });
        }),
        new("PUT /api/committees/{id:guid}/link-directors", [Type<CommitteeLinkDirectorsChanged>()], async client =>
        {
            var (director, _) = await DirectorAndUnitAsync();
            var (other, _) = await DirectorAndUnitAsync();
            var id = await CommitteeAsync(client, director, "Fritidsnämnden");
            return new WriteRequest($"/api/committees/{id}/link-directors", new { linkDirectorPostIds = new[] { director, other } },
                new { linkDirectorPostIds = new[] { director } });
        }),
        new("POST /api/committees/{id:guid}/dissolve", [Type<CommitteeDissolved>()], async client =>
        {
            var (director, _) = await DirectorAndUnitAsync();
            var id = await CommitteeAsync(client, director, "Miljönämnden");
            return new WriteRequest($"/api/committees/{id}/dissolve", new { reason = "Uppgår i annan nämnd" }, new { });
        }),
        new("POST /api/assignments/", [Type<AssignmentIssued>()], async client =>
        {
            var (director, unit) = await DirectorAndUnitAsync();
            var committee = await CommitteeAsync(client, director, "Natur- och trafiknämnden");
            return new WriteRequest("/api/assignments", CommitteesClient.IssueBody(committee, unit),
                new { committeeId = committee, unitId = unit, title = "" });
        }),
        new("POST /api/assignments/{id:guid}/briefing", [Type<AssignmentBriefed>()], async client =>
        {
            var (director, unit) = await DirectorAndUnitAsync();
            var id = await AssignmentAsync(client, director, unit);
            return new WriteRequest($"/api/assignments/{id}/briefing", new { note = "Genomgång" }, new { briefedOn = "2999-01-01" });
        }),
        new("POST /api/assignments/{id:guid}/complete", [Type<AssignmentCompleted>()], async client =>
        {
            var (director, unit) = await DirectorAndUnitAsync();
            var id = await AssignmentAsync(client, director, unit);
            return new WriteRequest($"/api/assignments/{id}/complete", new { reason = "Klart" }, new { completedOn = "2000-01-01" });
        }),
        new("POST /api/assignments/{id:guid}/withdraw", [Type<AssignmentWithdrawn>()], async client =>
        {
            var (director, unit) = await DirectorAndUnitAsync();
            var id = await AssignmentAsync(client, director, unit);
            return new WriteRequest($"/api/assignments/{id}/withdraw", new { reason = "Inte längre aktuellt" }, new { });
        }),
    ];
}
