extern alias committees;
extern alias units;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Mandates.Data;
using Nacka.Testing;
using CommitteesProgram = committees::Program;
using UnitsProgram = units::Program;

namespace Nacka.Mandates.Tests;

/// <summary>
/// The real Units, Committees and Mandates services on a RabbitMQ virtual host of their own: units
/// and directors registered in Units and kommunstyrelsen in Committees reach Mandates as events, and
/// Units learns its managers from Mandates — as in the running system.
/// </summary>
public sealed class Organisation : IAsyncDisposable
{
    private readonly ServiceWorld _world;

    private Organisation(ServiceWorld world) => _world = world;

    public string Messaging => _world.Messaging;
    public ServiceFactory<UnitsProgram> Units { get; private set; } = null!;
    public ServiceFactory<CommitteesProgram> Committees { get; private set; } = null!;
    public ServiceFactory<Program> Mandates { get; private set; } = null!;
    public HttpClient UnitsApi { get; private set; } = null!;
    public HttpClient CommitteesApi { get; private set; } = null!;

    /// <summary>The KS secretariat's client for the Mandates API.</summary>
    public HttpClient MandatesApi { get; private set; } = null!;

    public static async Task<Organisation> StartAsync(TestInfrastructure infrastructure, bool startMandates = true)
    {
        var organisation = new Organisation(await ServiceWorld.CreateAsync(infrastructure));
        organisation.Units = await organisation._world.StartAsync<UnitsProgram>("units", "unitsdb");
        organisation.Committees = await organisation._world.StartAsync<CommitteesProgram>("committees", "committeesdb");
        organisation.UnitsApi = organisation.Units.CreateClientAs("Registrator");
        organisation.CommitteesApi = organisation.Committees.CreateClientAs("Registrator");
        if (startMandates)
        {
            await organisation.StartMandatesAsync();
        }

        return organisation;
    }

    public async Task<ServiceFactory<Program>> StartMandatesAsync()
    {
        Mandates = await _world.StartAsync<Program>("mandates", MandatesDbContext.ConnectionName);
        MandatesApi = Mandates.CreateClientAs("KS-sekreterare", TestTokens.KsSecretariat);
        return Mandates;
    }

    public async Task<Guid> DirectorAsync(string title = "Utbildningsdirektör")
    {
        var post = Answers.Id(await Answers.OkAsync(await UnitsApi.PostAsJsonAsync("/api/directors", new { title, createdOn = "2010-01-01" }),
            HttpStatusCode.Created));
        await Answers.OkAsync(await UnitsApi.PostAsJsonAsync($"/api/directors/{post}/appointments",
            new { name = "Johan Lindqvist", validFrom = "2010-01-01", reason = "Anställd" }));
        return post;
    }

    /// <summary>A unit registered in Units, once Mandates knows it.</summary>
    public async Task<Guid> UnitAsync(string name, Guid director, string managerTitle = "Rektor", string establishedOn = "2015-01-01")
    {
        var id = Answers.Id(await Answers.OkAsync(await UnitsApi.PostAsJsonAsync("/api/units",
            new { name, kind = "grundskola", managerTitle, directorPostId = director, establishedOn }), HttpStatusCode.Created));
        await KnownAsync(db => db.KnownUnits.AnyAsync(u => u.UnitId == id));
        return id;
    }

    /// <summary>A committee established in Committees, once Mandates knows it.</summary>
    public async Task<Guid> CommitteeAsync(string name, Guid director, string kind = "Committee", string establishedOn = "2015-01-01")
    {
        // Committees must know the director post first (its own read model of Units).
        JsonObject? created = null;
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await CommitteesApi.PostAsJsonAsync("/api/committees",
                new { name, kind, linkDirectorPostIds = new[] { director }, establishedOn });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            }

            return created is not null;
        }, TimeSpan.FromSeconds(30));
        var id = Answers.Id(created!);
        await KnownAsync(db => db.KnownCommittees.AnyAsync(c => c.CommitteeId == id));
        return id;
    }

    public static object GrantBody(Guid unitId, Guid committeeId, string holder = "Lena Åberg", string title = "Rektor", string validFrom = "2026-01-01",
        string? validTo = null, string decisionDate = "2025-12-10") => new
    {
        unitId,
        holder = new { name = holder, employeeId = "E1" },
        title,
        decision = new { committeeId, date = decisionDate, paragraph = "§ 123", caseNumber = "KFKS 2025/123" },
        validFrom,
        validTo,
    };

    public async Task<JsonObject> GrantAsync(Guid unitId, Guid committeeId, string holder = "Lena Åberg", string validFrom = "2026-01-01",
        string? validTo = null) =>
        await Answers.OkAsync(await MandatesApi.PostAsJsonAsync("/api/mandates",
            GrantBody(unitId, committeeId, holder, validFrom: validFrom, validTo: validTo)), HttpStatusCode.Created);

    public Task KnownAsync(Func<MandatesDbContext, Task<bool>> condition, Func<MandatesDbContext, Task<string>>? describe = null) =>
        Eventually.HoldsAsync(() => QueryAsync(condition), TimeSpan.FromSeconds(30), describe is null ? null : () => QueryAsync(describe));

    public async Task<T> QueryAsync<T>(Func<MandatesDbContext, Task<T>> query)
    {
        await using var scope = Mandates.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<MandatesDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        UnitsApi.Dispose();
        CommitteesApi.Dispose();
        MandatesApi?.Dispose();
        await _world.DisposeAsync();
    }
}
