using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Nacka.Contracts;
using Nacka.Contracts.Mandates;
using Nacka.Mandates.Data;
using Nacka.Testing;
using Xunit;

namespace Nacka.Mandates.Tests.Api;

/// <summary>The toolkit's write contract for every Mandates write route, beside the real Units and Committees services.</summary>
public sealed class MandatesWriteContractTests(TestInfrastructure infrastructure)
    : WriteContractTests<Program, MandatesDbContext>(infrastructure, MandatesDbContext.ConnectionName), IAsyncLifetime
{
    private Organisation _organisation = null!;
    private Guid _director;
    private Guid _ks;
    private int _units;

    public async ValueTask InitializeAsync()
    {
        _organisation = await Organisation.StartAsync(Infrastructure, startMandates: false);
        _director = await _organisation.DirectorAsync();
    }

    public async ValueTask DisposeAsync() => await _organisation.DisposeAsync();

    protected override string WriteRole => TestTokens.KsSecretariat;

    /// <summary>
    /// A fresh Mandates instance. Kommunstyrelsen is established once; each later instance learns it
    /// when KS's details change: that version's event arrives after a gap, filled from the Committees feed.
    /// </summary>
    protected override async Task<ServiceFactory<Program>> StartServiceAsync()
    {
        var mandates = await _organisation.StartMandatesAsync();
        if (_ks == Guid.Empty)
        {
            _ks = await _organisation.CommitteeAsync("Kommunstyrelsen", _director, "ExecutiveBoard", establishedOn: "2015-01-01");
        }
        else
        {
            var renamed = await _organisation.CommitteesApi.PutAsJsonAsync($"/api/committees/{_ks}/details",
                new { name = $"Kommunstyrelsen {Interlocked.Increment(ref _units)}" });
            renamed.EnsureSuccessStatusCode();
            await _organisation.KnownAsync(db => db.KnownCommittees.AnyAsync(c => c.CommitteeId == _ks));
        }

        return mandates;
    }

    private static string Type<TEvent>() where TEvent : IIntegrationEvent => EventNaming.For<TEvent>().CloudEventType;

    private Task<Guid> UnitAsync() => _organisation.UnitAsync($"Enhet {Interlocked.Increment(ref _units)}", _director);

    protected override IReadOnlyList<WriteScenario> Scenarios =>
    [
        new("POST /api/mandates/", [Type<MandateGranted>()], async client =>
        {
            var unit = await UnitAsync();
            return new WriteRequest("/api/mandates", Organisation.GrantBody(unit, _ks), Organisation.GrantBody(unit, _ks, title: "Enhetschef"));
        }),
        new("POST /api/mandates/{id:guid}/revoke", [Type<MandateEnded>()], async client =>
        {
            var unit = await UnitAsync();
            var mandate = Answers.Id(await _organisation.GrantAsync(unit, _ks));
            return new WriteRequest($"/api/mandates/{mandate}/revoke", new { decision = new { committeeId = _ks, date = "2026-05-20", paragraph = "§ 77" } },
                new { decision = new { committeeId = _ks } });
        }),
    ];
}
