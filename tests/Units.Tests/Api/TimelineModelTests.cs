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
/// Model-based: random sequences of dated changes to a unit — renames, short-name corrections and its dissolution, dated
/// anywhere: before, between and after the ones already recorded — sent to the real service, about one move in four two at
/// once. Then every date is asked, now and as the register stood after each move (knownAt), and compared with a small
/// in-memory model of the timelines: an attribute holds the value of its latest change dated on or before the day, the later
/// recorded first on the same day; the unit is dissolved from its earliest recorded dissolution, and a change dated on or
/// after that is refused (one dated before it is taken, and holds up to it). Two requests sent at once may be taken in
/// either order (<see cref="PossibleWorlds"/>): the reads must agree with one order the model allows.
/// </summary>
public sealed class TimelineModelTests(TestInfrastructure infrastructure)
{
    private static readonly DateOnly Established = new(2020, 1, 1);

    /// <summary>The days changes are dated on and reads ask about: before, on and after each other.</summary>
    private static readonly DateOnly[] Days = DatedSteps.Days("2020-01-01", "2022-06-01", "2024-01-01", "2026-01-01", "2027-03-01", "2031-01-01");

    private static readonly DateOnly[] Asked = [.. Days, .. Days.Select(d => d.AddDays(-1)).Where(d => d >= Established), new DateOnly(2099, 1, 1)];

    private enum Kind
    {
        Rename,
        Details,
        Dissolve,
    }

    private sealed record Step(Kind Kind, DateOnly On)
    {
        public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {On:yyyy-MM-dd}";
    }

    private static readonly Gen<Step> OneStep = Gen.Select(Gen.Frequency((3, Gen.Const(Kind.Rename)), (3, Gen.Const(Kind.Details)),
        (1, Gen.Const(Kind.Dissolve))),
        Gen.Int[0, Days.Length - 1], (kind, day) => new Step(kind, Days[day]));

    private static readonly Gen<Step[]> OneMove = Gen.Frequency((3, OneStep.Select(s => new[] { s })), (1, OneStep.Array[2]));

    [Fact]
    public async Task Every_date_reads_what_the_model_of_the_timelines_says_now_and_at_every_moment_of_recording()
    {
        await using var service = new ServiceFactory<Program>(infrastructure, UnitsDbContext.ConnectionName);
        var api = new UnitsClient(service.CreateClientAs());
        var director = Id(await api.CreateDirectorAsync("Utbildningsdirektör", createdOn: "2019-01-01"));
        var cases = 0;

        await OneMove.Array[1, 6].SampleAsync(async moves =>
        {
            var unit = Id(await OkAsync(await api.Http.PostAsJsonAsync("/api/units",
                UnitBody($"Skola {Guid.NewGuid():N}", director, "grundskola", "2020-01-01")),
                HttpStatusCode.Created));
            var story = string.Join("; ", moves.Select(m => string.Join(" | ", m)));
            var worlds = new List<World> { new(new Timelines((await api.GetAsync($"/api/units/{unit}"))["name"]!.GetValue<string>()), []) };
            foreach (var (move, i) in moves.Select((m, i) => (m, i)))
            {
                var values = move.Select((step, j) => $"{(step.Kind == Kind.Rename ? "Namn" : "Kort")} {i}{j} {Guid.NewGuid():N}"[..24]).ToArray();
                var answers = await Task.WhenAll(move.Select((step, j) => SendAsync(api, unit, step, values[j])));
                worlds = PossibleWorlds.Narrow(worlds, move.Length, w => new World(w.Now, w.Moments), (w, j) => w.Try(move[j], values[j]), j =>
                    answers[j].IsSuccessStatusCode,
                    j => answers[j].StatusCode == HttpStatusCode.PreconditionFailed)
                    .Select(w => w.Applied()).ToList();
                Assert.True(worlds.Count > 0,
                    $"move {i} of [{story}]: the service answered [{string.Join(", ", await Task.WhenAll(answers.Select(DescribeAsync)))}], "
                    + "which no order of the move gives in the model");
                var at = DateTimeOffset.UtcNow;
                worlds = [.. worlds.Select(w => w with { Moments = [.. w.Moments, (at, w.Now)] })];
                await Task.Delay(2); // recorded instants apart, so knownAt can tell each move from the next
            }

            var moments = worlds[0].Moments.Select(m => m.At).ToList();
            var read = new Dictionary<(DateOnly Day, DateTimeOffset? At), (string? Name, string? ShortName, string Status)>();
            foreach (var day in Asked)
            {
                foreach (var at in moments.Select(m => (DateTimeOffset?)m).Prepend(null))
                {
                    read[(day, at)] = await ReadAsync(api, unit, day, at);
                }
            }

            bool Agrees(World world) => Asked.All(day => read[(day, null)] == world.Now.On(day)
                && world.Moments.All(m => read[(day, m.At)] == m.Model.On(day)));
            var first = worlds[0];
            Assert.True(worlds.Any(Agrees), $"moves [{story}]: the reads agree with no order the model allows; against the first: "
                + string.Join(", ", Asked.SelectMany(day => first.Moments.Select(m => (day, at: (DateTimeOffset?)m.At, model: m.Model))
                    .Prepend((day, null, first.Now)))
                    .Where(c => read[(c.day, c.at)] != c.model.On(c.day)).Take(4)
                    .Select(c =>
                        $"{c.day:yyyy-MM-dd}{(c.at is { } a ? $" known at {a:HH:mm:ss.fff}" : "")}: model {c.model.On(c.day)}, read {read[(c.day, c.at)]}")));

            Interlocked.Increment(ref cases);
        }, iter: 12, threads: 1);

        Assert.Equal(12, cases);
    }

    private static Task<HttpResponseMessage> SendAsync(UnitsClient api, Guid unit, Step step, string value) => step.Kind switch
    {
        Kind.Rename => api.Http.PostAsJsonAsync($"/api/units/{unit}/rename", new { name = value, validFrom = step.On, reason = "Test" }),
        Kind.Details => api.Http.PutAsJsonAsync($"/api/units/{unit}/details",
            new { shortName = value, kind = "grundskola", managerTitle = "Rektor", identifiers = Array.Empty<object>(), validFrom = step.On }),
        _ => api.Http.PostAsJsonAsync($"/api/units/{unit}/dissolve", new { dissolvedOn = step.On, reason = "Läggs ned" }),
    };

    private static async Task<string> DescribeAsync(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";

    private static async Task<(string? Name, string? ShortName, string Status)> ReadAsync(UnitsClient api, Guid unit, DateOnly day, DateTimeOffset? knownAt)
    {
        var query = $"/api/units/{unit}?asOf={day:yyyy-MM-dd}" + (knownAt is { } at
            ? $"&knownAt={Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture))}" : "");
        var read = await api.GetAsync(query);
        return (read["name"]!.GetValue<string>(), read["shortName"]?.GetValue<string>(), read["status"]!.GetValue<string>().ToLowerInvariant());
    }

    /// <summary>One state the register may be in: the timelines now, and as they stood at each moment a move was answered.</summary>
    private sealed record World(Timelines Now, IReadOnlyList<(DateTimeOffset At, Timelines Model)> Moments)
    {
        private Timelines? _tried;

        /// <summary>Applies a change to this copy as the model decides it; returns whether the model accepts it.</summary>
        public bool Try(Step step, string value)
        {
            var model = _tried ?? Now;
            var accepted = model.Accepts(step);
            _tried = accepted ? model.With(step, value) : model;
            return accepted;
        }

        public World Applied() => new(_tried ?? Now, Moments);
    }

    /// <summary>The oracle: each attribute's changes with their day and recording order; the value on a day is the latest change on or before it.</summary>
    private sealed record Timelines(IReadOnlyList<(DateOnly On, string? Value)> Names, IReadOnlyList<(DateOnly On, string? Value)> ShortNames,
        DateOnly? DissolvedOn)
    {
        public Timelines(string name)
            : this([(Established, name)], [(Established, null)], null)
        {
        }

        /// <summary>A change dated on or after the recorded dissolution is refused (unit-dissolved); a dissolution on the first day is 422.</summary>
        public bool Accepts(Step step) => (DissolvedOn is null || step.On < DissolvedOn) && (step.Kind != Kind.Dissolve || step.On > Established);

        public Timelines With(Step step, string value) => step.Kind switch
        {
            Kind.Rename => this with { Names = [.. Names, (step.On, value)] },
            Kind.Details => this with { ShortNames = [.. ShortNames, (step.On, value)] },
            _ => this with { DissolvedOn = step.On }, // accepted only before a recorded one: the earlier end wins
        };

        public (string? Name, string? ShortName, string Status) On(DateOnly day) =>
            (On(Names, day), On(ShortNames, day), DissolvedOn is { } end && day >= end ? "dissolved" : "active");

        // Recorded order breaks ties: the list is in recording order, so the last of the latest day wins.
        private static string? On(IReadOnlyList<(DateOnly On, string? Value)> changes, DateOnly day) =>
            changes.Select((c, i) => (c.On, c.Value, i)).Where(c => c.On <= day).OrderBy(c => c.On).ThenBy(c => c.i).Last().Value;
    }
}
