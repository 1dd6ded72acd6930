using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CsCheck;
using Nacka.Testing;
using Nacka.Units.Data;
using Xunit;
using static Nacka.Units.Tests.Api.UnitsClient;

namespace Nacka.Units.Tests.Api;

/// <summary>
/// Model-based: random sequences of dated changes to a unit (renames and short-name corrections,
/// dated anywhere — before, between and after the ones already recorded) sent to the real service,
/// then every date asked, now and as the register stood after each step (knownAt), and compared
/// with a small in-memory model of the timelines: an attribute holds the value of its latest change
/// dated on or before the day, the later recorded first on the same day.
/// </summary>
public sealed class TimelineModelTests(TestInfrastructure infrastructure)
{
    private static readonly DateOnly Established = new(2020, 1, 1);

    /// <summary>The days changes are dated on and reads ask about: before, on and after each other.</summary>
    private static readonly DateOnly[] Days = DatedSteps.Days("2020-01-01", "2022-06-01", "2024-01-01", "2026-01-01", "2027-03-01", "2031-01-01");

    private static readonly DateOnly[] Asked = [.. Days, .. Days.Select(d => d.AddDays(-1)).Where(d => d >= Established), new DateOnly(2099, 1, 1)];

    private sealed record Step(bool Rename, DateOnly On);

    private static readonly Gen<Step[]> Steps = Gen.Select(Gen.Bool, Gen.Int[0, Days.Length - 1], (rename, day) => new Step(rename, Days[day])).Array[1, 7];

    [Fact]
    public async Task Every_date_reads_what_the_model_of_the_timelines_says_now_and_at_every_moment_of_recording()
    {
        await using var service = new ServiceFactory<Program>(infrastructure, UnitsDbContext.ConnectionName);
        var api = new UnitsClient(service.CreateClientAs());
        var director = Id(await api.CreateDirectorAsync("Utbildningsdirektör", createdOn: "2019-01-01"));
        var cases = 0;

        await Steps.SampleAsync(async steps =>
        {
            var unit = Id(await OkAsync(await api.Http.PostAsJsonAsync("/api/units", UnitBody($"Skola {Guid.NewGuid():N}", director, "grundskola", "2020-01-01")),
                HttpStatusCode.Created));
            var model = new Timelines((await api.GetAsync($"/api/units/{unit}"))["name"]!.GetValue<string>());
            var moments = new List<(DateTimeOffset At, Timelines Model)>();
            foreach (var (step, i) in steps.Select((s, i) => (s, i)))
            {
                var value = $"{(step.Rename ? "Namn" : "Kort")} {i} {Guid.NewGuid():N}"[..24];
                var response = step.Rename
                    ? await api.Http.PostAsJsonAsync($"/api/units/{unit}/rename", new { name = value, validFrom = step.On, reason = "Test" })
                    : await api.Http.PutAsJsonAsync($"/api/units/{unit}/details",
                        new { shortName = value, kind = "grundskola", managerTitle = "Rektor", identifiers = Array.Empty<object>(), validFrom = step.On });
                await OkAsync(response);
                model = model.With(step.Rename, step.On, value);
                moments.Add((DateTimeOffset.UtcNow, model));
                await Task.Delay(2); // recorded instants apart, so knownAt can tell each step from the next
            }

            foreach (var day in Asked)
            {
                await AssertReadsAsync(api, unit, day, null, model, steps);
                foreach (var (at, then) in moments)
                {
                    await AssertReadsAsync(api, unit, day, at, then, steps);
                }
            }

            Interlocked.Increment(ref cases);
        }, iter: 12, threads: 1);

        Assert.Equal(12, cases);
    }

    private static async Task AssertReadsAsync(UnitsClient api, Guid unit, DateOnly day, DateTimeOffset? knownAt, Timelines model, Step[] steps)
    {
        var query = $"/api/units/{unit}?asOf={day:yyyy-MM-dd}" + (knownAt is { } at ? $"&knownAt={Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture))}" : "");
        var read = await api.GetAsync(query);
        var expected = (model.NameOn(day), model.ShortNameOn(day));
        var actual = (read["name"]!.GetValue<string>(), read["shortName"]?.GetValue<string>());
        Assert.True(expected == actual,
            $"{query}: expected {expected}, read {actual}; steps: {string.Join(", ", steps.Select(s => $"{(s.Rename ? "rename" : "details")} {s.On:yyyy-MM-dd}"))}");
    }

    /// <summary>The oracle: each attribute's changes with their day and recording order; the value on a day is the latest change on or before it.</summary>
    private sealed record Timelines(IReadOnlyList<(DateOnly On, string? Value)> Names, IReadOnlyList<(DateOnly On, string? Value)> ShortNames)
    {
        public Timelines(string name)
            : this([(Established, name)], [(Established, null)])
        {
        }

        public Timelines With(bool rename, DateOnly on, string value) => rename
            ? this with { Names = [.. Names, (on, value)] }
            : this with { ShortNames = [.. ShortNames, (on, value)] };

        public string? NameOn(DateOnly day) => On(Names, day);

        public string? ShortNameOn(DateOnly day) => On(ShortNames, day);

        // Recorded order breaks ties: the list is in recording order, so the last of the latest day wins.
        private static string? On(IReadOnlyList<(DateOnly On, string? Value)> changes, DateOnly day) =>
            changes.Select((c, i) => (c.On, c.Value, i)).Where(c => c.On <= day).OrderBy(c => c.On).ThenBy(c => c.i).Last().Value;
    }
}
