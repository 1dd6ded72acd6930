using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Nacka.Testing;
using Nacka.Units.Data;
using Xunit;
using static Nacka.Units.Tests.Api.UnitsClient;

namespace Nacka.Units.Tests.Api;

/// <summary>
/// One unit per name and per identifier on every day — not among the units whose end is not yet
/// recorded: a unit merged away from March keeps its name until March, a past-dated rename is
/// checked on the past days, concurrent writers cannot both win. Held by PostgreSQL
/// (<see cref="UnitsDbContext.NameDays"/>), answered 409 by the write pipeline.
/// </summary>
public sealed class DatedUniquenessTests(TestInfrastructure infrastructure)
{
    private ServiceFactory<Program> NewService() => new(infrastructure, UnitsDbContext.ConnectionName);

    [Fact]
    public async Task A_name_refused_at_commit_is_a_409_and_no_error_in_the_log()
    {
        // The constraint is checked at commit: EF Core logged each such refusal as an error of its own ("An error occurred using a
        // transaction"), so the dashboard showed an error for every registrar told a name is taken (found from outside, 2026-12-04).
        var logs = new CapturedLogs();
        await using var service = new ServiceFactory<Program>(infrastructure, UnitsDbContext.ConnectionName,
            configure: web => web.ConfigureLogging(logging => logging.AddProvider(logs)));
        var api = new UnitsClient(service.CreateClientAs());
        var director = Id(await api.CreateDirectorAsync("Utbildningsdirektör"));
        await api.CreateUnitAsync("Fisksätra skola", director, "grundskola", "2020-01-01");

        var taken = await ProblemAsync(await api.Http.PostAsJsonAsync("/api/units", UnitBody("Fisksätra skola", director, "grundskola", "2026-01-01")),
            HttpStatusCode.Conflict);

        Assert.Equal("duplicate-name", taken["code"]!.GetValue<string>());
        var errors = logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(e => $"{e.Category}: {e.Message}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task A_unit_dissolved_from_a_date_ahead_keeps_its_name_and_identifiers_until_that_date()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = Id(await api.CreateDirectorAsync("Utbildningsdirektör"));
        var code = new { scheme = "skolenhetskod", value = "55667788" };
        var old = Id(await api.CreateUnitAsync("Ektorps skola", director, "grundskola", establishedOn: "2020-01-01", identifiers: [code]));
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{old}/dissolve", new { dissolvedOn = "2099-03-01", reason = "Läggs samman" }));

        var nameToday = await ProblemAsync(await api.Http.PostAsJsonAsync("/api/units", UnitBody("Ektorps skola", director, "grundskola", "2026-01-01")),
            HttpStatusCode.Conflict);
        var codeToday = await ProblemAsync(await api.Http.PostAsJsonAsync("/api/units",
            UnitBody("Ektorpsskolan", director, "grundskola", "2026-01-01", [code])),
            HttpStatusCode.Conflict);
        Assert.Equal(("duplicate-name", "duplicate-identifier"), (nameToday["code"]!.GetValue<string>(), codeToday["code"]!.GetValue<string>()));

        // From the day it is dissolved, both are free.
        await api.CreateUnitAsync("Ektorps skola", director, "grundskola", "2099-03-01", [code]);
    }

    [Fact]
    public async Task A_rename_dated_in_the_past_is_checked_on_the_past_days()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = Id(await api.CreateDirectorAsync("Utbildningsdirektör"));
        var first = Id(await api.CreateUnitAsync("Orminge skola", director, "grundskola", establishedOn: "2020-01-01"));
        var second = Id(await api.CreateUnitAsync("Boo skola", director, "grundskola", establishedOn: "2020-01-01"));
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{first}/rename",
            new { name = "Orminge grundskola", validFrom = "2025-01-01", reason = "KS" }));

        // Until 2025 the first unit was "Orminge skola": the second cannot have been so named in 2024.
        var past = await ProblemAsync(await api.Http.PostAsJsonAsync($"/api/units/{second}/rename",
            new { name = "orminge  SKOLA", validFrom = "2024-06-01", reason = "Rättelse" }), HttpStatusCode.Conflict);
        Assert.Equal("duplicate-name", past["code"]!.GetValue<string>());
        Assert.Equal("Boo skola", (await api.GetAsync($"/api/units/{second}?asOf=2024-07-01"))["name"]!.GetValue<string>());

        // From the day the first gave it up, the name is free.
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{second}/rename", new { name = "Orminge skola", validFrom = "2025-01-01", reason = "KS" }));
    }

    [Fact]
    public async Task A_name_passes_from_one_unit_to_another_on_the_day_the_first_gives_it_up()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = Id(await api.CreateDirectorAsync("Utbildningsdirektör"));
        var unit = Id(await api.CreateUnitAsync("Saltsjöbadens skola", director, "grundskola", establishedOn: "2020-01-01"));
        var other = Id(await api.CreateUnitAsync("Samskolan", director, "grundskola", establishedOn: "2020-01-01"));
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{other}/dissolve", new { dissolvedOn = "2099-01-01", reason = "Läggs ned" }));

        var early = await ProblemAsync(await api.Http.PostAsJsonAsync($"/api/units/{unit}/rename",
            new { name = "Samskolan", validFrom = "2098-12-01", reason = "KS" }),
            HttpStatusCode.Conflict);
        Assert.Equal("duplicate-name", early["code"]!.GetValue<string>());
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{unit}/rename", new { name = "Samskolan", validFrom = "2099-01-01", reason = "KS" }));

        // The renamed unit keeps its old name until the rename's date.
        var before = await ProblemAsync(await api.Http.PostAsJsonAsync("/api/units", UnitBody("Saltsjöbadens skola", director, "grundskola", "2098-12-31")),
            HttpStatusCode.Conflict);
        Assert.Equal("duplicate-name", before["code"]!.GetValue<string>());
        await api.CreateUnitAsync("Saltsjöbadens skola", director, "grundskola", "2099-01-01");
    }

    [Fact]
    public async Task Of_concurrent_registrations_of_one_name_exactly_one_succeeds()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = Id(await api.CreateDirectorAsync("Utbildningsdirektör"));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            service.CreateClientAs().PostAsJsonAsync("/api/units", UnitBody(i % 2 == 0 ? "Tollare skola" : "TOLLARE  skola", director, "grundskola",
                i % 3 == 0 ? "2024-01-01" : "2025-06-01"))));

        Assert.Equal(1, attempts.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, attempts.Count(a => a.StatusCode == HttpStatusCode.Conflict));
    }
}
