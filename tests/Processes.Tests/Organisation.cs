extern alias committees;
extern alias mandates;
extern alias units;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Processes.Data;
using Nacka.Testing;
using CommitteesProgram = committees::Program;
using MandatesProgram = mandates::Program;
using UnitsProgram = units::Program;

namespace Nacka.Processes.Tests;

/// <summary>
/// The real Units, Committees, Mandates and Processes services on a RabbitMQ virtual host of their
/// own: directors and units from Units, managers from Mandates (granted on kommunstyrelsen's
/// decision from Committees) reach Processes as events, as in the running system.
/// </summary>
public sealed class Organisation : IAsyncDisposable
{
    private readonly ServiceWorld _world;
    private Guid _ks;

    private Organisation(ServiceWorld world) => _world = world;

    public string Messaging => _world.Messaging;
    public ServiceFactory<UnitsProgram> Units { get; private set; } = null!;
    public ServiceFactory<Program> Processes { get; private set; } = null!;
    public HttpClient UnitsApi { get; private set; } = null!;
    public HttpClient CommitteesApi { get; private set; } = null!;
    public HttpClient MandatesApi { get; private set; } = null!;

    /// <summary>A registrar's client for the Processes instance started last.</summary>
    public HttpClient ProcessesApi { get; private set; } = null!;

    public static async Task<Organisation> StartAsync(TestInfrastructure infrastructure, bool startProcesses = true)
    {
        var world = await ServiceWorld.CreateAsync(infrastructure);
        var organisation = new Organisation(world)
        {
            Units = await world.StartAsync<UnitsProgram>("units", "unitsdb"),
        };
        var committeesService = await world.StartAsync<CommitteesProgram>("committees", "committeesdb");
        var mandatesService = await world.StartAsync<MandatesProgram>("mandates", "mandatesdb");
        organisation.UnitsApi = organisation.Units.CreateClientAs("Registrator");
        organisation.CommitteesApi = committeesService.CreateClientAs("Registrator");
        organisation.MandatesApi = mandatesService.CreateClientAs("KS-sekreterare", TestTokens.KsSecretariat);
        if (startProcesses)
        {
            await organisation.StartProcessesAsync();
        }

        return organisation;
    }

    public async Task<ServiceFactory<Program>> StartProcessesAsync()
    {
        Processes = await _world.StartAsync<Program>("processes", ProcessesDbContext.ConnectionName);
        ProcessesApi = Processes.CreateClientAs("Registrator");
        return Processes;
    }

    public async Task<Guid> DirectorAsync(string title, string? holder = "Johan Lindqvist")
    {
        var post = Answers.Id(await Answers.OkAsync(await UnitsApi.PostAsJsonAsync("/api/directors", new { title, createdOn = "2010-01-01" }),
            HttpStatusCode.Created));
        if (holder is not null)
        {
            await Answers.OkAsync(await UnitsApi.PostAsJsonAsync($"/api/directors/{post}/appointments",
                new { name = holder, validFrom = "2010-01-01", reason = "Anställd" }));
        }

        await KnownAsync(async db => await db.KnownDirectorPosts.AsNoTracking().SingleOrDefaultAsync(p => p.PostId == post) is { } known
            && (holder is null || known.HolderOn(new DateOnly(2026, 1, 1)) == holder));
        return post;
    }

    public async Task<Guid> UnitAsync(string name, Guid director, string establishedOn = "2015-01-01")
    {
        var id = Answers.Id(await Answers.OkAsync(await UnitsApi.PostAsJsonAsync("/api/units",
            new { name, kind = "grundskola", managerTitle = "Rektor", directorPostId = director, establishedOn }), HttpStatusCode.Created));
        await KnownAsync(db => db.KnownUnits.AnyAsync(u => u.UnitId == id));
        return id;
    }

    /// <summary>Kommunstyrelsen grants <paramref name="holder"/> the unit's mandate from <paramref name="validFrom"/>; returns once Processes knows.</summary>
    public async Task<Guid> ManagerAsync(Guid unitId, Guid director, string holder, string validFrom)
    {
        if (_ks == Guid.Empty)
        {
            await Eventually.HoldsAsync(async () =>
            {
                using var response = await CommitteesApi.PostAsJsonAsync("/api/committees",
                    new { name = "Kommunstyrelsen", kind = "ExecutiveBoard", linkDirectorPostIds = new[] { director }, establishedOn = "2015-01-01" });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    _ks = Answers.Id(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
                }

                return _ks != Guid.Empty;
            }, TimeSpan.FromSeconds(30));
        }

        Guid mandate = Guid.Empty;
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await MandatesApi.PostAsJsonAsync("/api/mandates", new
            {
                unitId, holder = new { name = holder }, title = "Rektor", validFrom,
                decision = new { committeeId = _ks, date = "2025-12-10", paragraph = "§ 1" },
            });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                mandate = Answers.Id(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
            }

            return mandate != Guid.Empty; // 422 until Mandates knows the unit and KS
        }, TimeSpan.FromSeconds(30));
        await KnownAsync(db => db.KnownMandates.AnyAsync(m => m.MandateId == mandate));
        return mandate;
    }

    public async Task<JsonObject> CreateProcessAsync(string name, Guid owner, string kind = "main", string establishedOn = "2020-01-01") =>
        await Answers.OkAsync(await ProcessesApi.PostAsJsonAsync("/api/processes",
            new { name, kind, purpose = "Syfte", delivers = "Leverans", ownerDirectorPostId = owner, establishedOn }),
            HttpStatusCode.Created);

    public async Task<JsonObject> PostAsync(string path, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await Answers.OkAsync(await ProcessesApi.PostAsJsonAsync(path, body), expected);

    public Task KnownAsync(Func<ProcessesDbContext, Task<bool>> condition) => Eventually.HoldsAsync(() => QueryAsync(condition), TimeSpan.FromSeconds(30));

    public async Task<T> QueryAsync<T>(Func<ProcessesDbContext, Task<T>> query)
    {
        await using var scope = Processes.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ProcessesDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        UnitsApi.Dispose();
        CommitteesApi.Dispose();
        MandatesApi.Dispose();
        ProcessesApi?.Dispose();
        await _world.DisposeAsync();
    }
}
