using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Nacka.Testing;
using Xunit;

namespace Nacka.Committees.Tests.Api;

/// <summary>
/// What Committees copies from Units keeps its dates: a director appointed from next year and a
/// unit renamed from next year show from then, not today, in Committees' own answers.
/// Real Units and Committees services, real PostgreSQL and RabbitMQ.
/// </summary>
public sealed class DatedCopiesTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_holder_and_a_name_decided_for_next_year_show_from_next_year_in_committees_answers()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör", "Anna Svensson");
        var school = await organisation.UnitAsync("Skuru skola", education);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var un = Answers.Id(await api.CreateCommitteeAsync("Utbildningsnämnden", [education]));
        var assignment = Answers.Id(await api.IssueAsync(un, school, "Läsning"));

        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/directors/{education}/appointments",
            new { name = "Per Holm", validFrom = "2099-01-01", reason = "Ny direktör" }, Ct));
        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/rename",
            new { name = "Skuru skola F-9", validFrom = "2099-01-01", reason = "Nytt namn" }, Ct));
        await organisation.KnownAsync(db => db.KnownDirectorPosts.AnyAsync(p => p.PostId == education && p.HolderName == "Per Holm"));
        await organisation.KnownAsync(db => db.KnownUnits.AnyAsync(u => u.UnitId == school && u.Name == "Skuru skola F-9"));

        string Holder(System.Text.Json.Nodes.JsonObject committee) => committee["linkDirectors"]![0]!["holderName"]!.GetValue<string>();
        Assert.Equal("Anna Svensson", Holder(await api.GetAsync($"/api/committees/{un}")));
        Assert.Equal("Per Holm", Holder(await api.GetAsync($"/api/committees/{un}?asOf=2099-01-01")));

        var today = await api.GetAsync($"/api/assignments/{assignment}");
        var then = await api.GetAsync($"/api/assignments/{assignment}?asOf=2099-01-01");
        Assert.Equal(("Skuru skola", "Anna Svensson"), (today["unit"]!["name"]!.GetValue<string>(),
            today["responsibleDirector"]!["holderName"]!.GetValue<string>()));
        Assert.Equal(("Skuru skola F-9", "Per Holm"), (then["unit"]!["name"]!.GetValue<string>(),
            then["responsibleDirector"]!["holderName"]!.GetValue<string>()));

        // The unit's summary names the unit as on the date asked, and its assignments with it.
        string UnitNamed(System.Text.Json.Nodes.JsonObject summary) => summary["unit"]!["name"]!.GetValue<string>();
        var summaryToday = await api.GetAsync($"/api/assignments/summary?unitId={school}");
        Assert.Equal(("Skuru skola", "Skuru skola"), (UnitNamed(summaryToday),
            summaryToday["committees"]![0]!["assignments"]![0]!["unit"]!["name"]!.GetValue<string>()));
        Assert.Equal("Skuru skola F-9", UnitNamed(await api.GetAsync($"/api/assignments/summary?unitId={school}&asOf=2099-01-01")));
    }

    [Fact]
    public async Task A_namnd_renamed_from_next_year_keeps_its_name_until_then_in_a_units_summary()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Igelbodaskolan", education);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var un = Answers.Id(await api.CreateCommitteeAsync("Utbildningsnämnden", [education]));
        await api.IssueAsync(un, school, "Läsning");

        await Answers.OkAsync(await api.Http.PutAsJsonAsync($"/api/committees/{un}/details",
            new { name = "Barn- och utbildningsnämnden", area = "Test", validFrom = "2099-01-01", reason = "KF:s beslut" }, Ct));

        string Named(System.Text.Json.Nodes.JsonObject summary) => summary["committees"]![0]!["committee"]!["name"]!.GetValue<string>();
        Assert.Equal("Utbildningsnämnden", Named(await api.GetAsync($"/api/assignments/summary?unitId={school}")));
        Assert.Equal("Barn- och utbildningsnämnden", Named(await api.GetAsync($"/api/assignments/summary?unitId={school}&asOf=2099-01-01")));
    }

    [Fact]
    public async Task A_withdrawal_on_a_dissolution_names_the_namnd_and_the_unit_as_they_were_on_that_day()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var school = await organisation.UnitAsync("Orminge skola", education);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var un = Answers.Id(await api.CreateCommitteeAsync("Utbildningsnämnden", [education]));
        var assignment = Answers.Id(await api.IssueAsync(un, school, "Läsning"));
        await Answers.OkAsync(await api.Http.PutAsJsonAsync($"/api/committees/{un}/details",
            new { name = "Barn- och utbildningsnämnden", area = "Skola", validFrom = "2099-03-01", reason = "KF:s beslut" }, Ct));
        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/rename",
            new { name = "Orminge skola F-9", validFrom = "2099-02-01", reason = "Nytt namn" }, Ct));
        await organisation.KnownAsync(db => db.KnownUnits.AnyAsync(u => u.UnitId == school && u.Name == "Orminge skola F-9"));

        await Answers.OkAsync(await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{school}/dissolve",
            new { dissolvedOn = "2099-01-10", reason = "Nedläggning" }, Ct));

        System.Text.Json.Nodes.JsonObject? withdrawn = null;
        await Eventually.HoldsAsync(async () =>
        {
            var payloads = await organisation.QueryAsync(db => db.Set<Messaging.Outbox.OutboxMessage>()
                .Where(m => m.Type.Contains("assignment-withdrawn")).Select(m => m.Payload).ToListAsync(Ct));
            withdrawn = payloads.Select(p => System.Text.Json.Nodes.JsonNode.Parse(p)!.AsObject())
                .SingleOrDefault(e => e["assignmentId"]!.GetValue<Guid>() == assignment);
            return withdrawn is not null;
        }, TimeSpan.FromSeconds(30));
        Assert.Equal(("Utbildningsnämnden", "Orminge skola"), (withdrawn!["committeeName"]!.GetValue<string>(), withdrawn["unitName"]!.GetValue<string>()));
    }
}
