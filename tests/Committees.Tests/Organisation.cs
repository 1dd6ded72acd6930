extern alias units;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Committees.Data;
using Nacka.Testing;
using UnitsProgram = units::Program;

namespace Nacka.Committees.Tests;

/// <summary>
/// The real Units service and the Committees service on a RabbitMQ virtual host of their own:
/// units and director posts are registered through the Units API, reach Committees as events,
/// and gaps are filled from the Units replay feed — as in the running system.
/// </summary>
public sealed class Organisation : IAsyncDisposable
{
    private readonly ServiceWorld _world;

    private Organisation(ServiceWorld world, ServiceFactory<UnitsProgram> units)
    {
        _world = world;
        Units = units;
        UnitsApi = Units.CreateClientAs("Registrator Units");
    }

    public string Messaging => _world.Messaging;
    public ServiceFactory<UnitsProgram> Units { get; }
    public HttpClient UnitsApi { get; }

    /// <summary>The Committees instance started last (what the helpers wait on).</summary>
    public ServiceFactory<Program> Committees { get; private set; } = null!;

    /// <param name="infrastructure">The test servers.</param>
    /// <param name="startCommittees">False when the caller starts (and stops) its Committees instances itself; two at once would share the queues.</param>
    public static async Task<Organisation> StartAsync(TestInfrastructure infrastructure, bool startCommittees = true)
    {
        var world = await ServiceWorld.CreateAsync(infrastructure);
        var organisation = new Organisation(world, await world.StartAsync<UnitsProgram>("units", "unitsdb"));
        if (startCommittees)
        {
            await organisation.StartCommitteesAsync();
        }

        return organisation;
    }

    /// <summary>A Committees instance with a database of its own, its queues bound before it returns (so no event is missed).</summary>
    public async Task<ServiceFactory<Program>> StartCommitteesAsync()
        => Committees = await _world.StartAsync<Program>("committees", CommitteesDbContext.ConnectionName);

    public async Task<Guid> DirectorAsync(string title, string? holder = "Anna Svensson", string createdOn = "2020-01-01")
    {
        var post = await Answers.OkAsync(await UnitsApi.PostAsJsonAsync("/api/directors", new { title, createdOn, reason = "Test" }), HttpStatusCode.Created);
        var id = Answers.Id(post);
        if (holder is not null)
        {
            await Answers.OkAsync(await UnitsApi.PostAsJsonAsync($"/api/directors/{id}/appointments",
                new { name = holder, validFrom = createdOn, reason = "Anställd" }));
        }

        await KnownAsync(db => db.KnownDirectorPosts.AnyAsync(p => p.PostId == id && (holder == null || p.HolderName == holder)));
        return id;
    }

    public async Task<Guid> UnitAsync(string name, Guid directorPostId, string establishedOn = "2024-01-01")
    {
        var unit = await Answers.OkAsync(await UnitsApi.PostAsJsonAsync("/api/units",
            new { name, kind = "grundskola", managerTitle = "Rektor", directorPostId, establishedOn, reason = "Test" }),
            HttpStatusCode.Created);
        var id = Answers.Id(unit);
        await KnownAsync(db => db.KnownUnits.AnyAsync(u => u.UnitId == id));
        return id;
    }

    /// <summary>Waits until the Committees read model (of the instance started last) satisfies <paramref name="condition"/>.</summary>
    public Task KnownAsync(Func<CommitteesDbContext, Task<bool>> condition) =>
        Eventually.HoldsAsync(() => QueryAsync(condition), TimeSpan.FromSeconds(30));

    public async Task<T> QueryAsync<T>(Func<CommitteesDbContext, Task<T>> query)
    {
        await using var scope = Committees.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CommitteesDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        UnitsApi.Dispose();
        await _world.DisposeAsync();
    }
}

/// <summary>The Committees HTTP API as a registrar uses it.</summary>
public sealed class CommitteesClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<JsonObject> CreateCommitteeAsync(string name, Guid[] linkDirectorPostIds, string kind = "Committee",
        string establishedOn = "2021-01-01") =>
        await Answers.OkAsync(await http.PostAsJsonAsync("/api/committees",
            new { name, kind, area = "Test", linkDirectorPostIds, establishedOn, reason = "Test" }),
            HttpStatusCode.Created);

    public async Task<JsonObject> IssueAsync(Guid committeeId, Guid unitId, string title = "Ett uppdrag", string from = "2026-01-01",
        Guid? responsibleDirectorPostId = null) =>
        await Answers.OkAsync(await http.PostAsJsonAsync("/api/assignments", IssueBody(committeeId, unitId, title, from, responsibleDirectorPostId)),
            HttpStatusCode.Created);

    public static object IssueBody(Guid committeeId, Guid unitId, string title = "Ett uppdrag", string from = "2026-01-01",
        Guid? responsibleDirectorPostId = null) => new
    {
        committeeId,
        unitId,
        title,
        description = "Beskrivning",
        from,
        responsibleDirectorPostId,
        decision = new { body = "Utbildningsnämnden", date = "2025-12-10", paragraph = "§ 12", caseNumber = "UBN 2025/77" },
    };

    public async Task<JsonObject> GetAsync(string path) => await Answers.OkAsync(await http.GetAsync(path));
}
