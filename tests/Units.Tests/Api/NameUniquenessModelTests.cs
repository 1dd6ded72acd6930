using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Nacka.Testing;
using Nacka.Units.Data;
using Xunit;
using static Nacka.Units.Tests.Api.UnitsClient;

namespace Nacka.Units.Tests.Api;

/// <summary>
/// Model-based: three units renamed to names from a small pool that holds the same name written differently (precomposed
/// Ä and A + combining diaeresis, another case, inner whitespace doubled) and dissolved, each change dated anywhere — before,
/// between and after what is recorded — about one move in four two at once. The model is the rule as a registrar reads it:
/// no two units hold one name (compared after NFC, whitespace collapsed, case ignored) on a common day; a unit holds each
/// name from its date until its next rename or its dissolution. So a name freed by a dissolution ahead is free only from
/// that day, and a rename dated in the past is judged on the past days. Every answer (taken, or refused with which rule)
/// and every unit's name and status on every date must agree with an order of the requests the model allows.
/// </summary>
public sealed partial class NameUniquenessModelTests(TestInfrastructure infrastructure)
{
    private static readonly DateOnly Established = new(2020, 1, 1);

    private static readonly DateOnly[] Days = DatedSteps.Days("2020-06-01", "2022-06-01", "2024-01-01", "2026-01-01", "2027-03-01", "2031-01-01");

    /// <summary>Every day a unit's name or status can change on, and the day before each: a name holds unchanged between them.</summary>
    private static readonly DateOnly[] Asked = [Established, .. Days, .. Days.Select(d => d.AddDays(-1)), new DateOnly(2099, 1, 1)];

    private const int Units = 3;

    /// <summary>
    /// Three names, each written more than one way: indexes 0–2 are one name (NFC, NFD with a combining diaeresis, lower
    /// case with two spaces inside), 3–4 another (upper case), 5 a third.
    /// </summary>
    private static readonly string[] Pool = ["Ängens skola", "A\u0308ngens skola", "ängens  skola", "Björkens skola", "BJÖRKENS SKOLA", "Ekens skola"];

    private sealed record Step(bool Dissolve, int Unit, int Name, DateOnly On)
    {
        public override string ToString() => Dissolve ? $"dissolve {Unit} {On:yyyy-MM-dd}" : $"rename {Unit} '{Pool[Name]}' {On:yyyy-MM-dd}";
    }

    private static readonly Gen<Step> OneStep = Gen.Select(Gen.Frequency((5, Gen.Const(false)), (1, Gen.Const(true))), Gen.Int[0, Units - 1],
        Gen.Int[0, Pool.Length - 1], Gen.Int[0, Days.Length - 1], (dissolve, unit, name, day) => new Step(dissolve, unit, name, Days[day]));

    private static readonly Gen<Step[]> OneMove = Gen.Frequency((3, OneStep.Select(s => new[] { s })), (1, OneStep.Array[2]));

    [Fact]
    public async Task No_two_units_hold_one_name_on_any_day_and_every_answer_and_date_reads_as_the_model_says()
    {
        await using var service = new ServiceFactory<Program>(infrastructure, UnitsDbContext.ConnectionName);
        var api = new UnitsClient(service.CreateClientAs());
        var director = Id(await api.CreateDirectorAsync("Utbildningsdirektör", createdOn: "2019-01-01"));
        var cases = 0;

        await OneMove.Array[1, 8].SampleAsync(async moves =>
        {
            // The names of this case are its own: the pool with a tag no other case has.
            var tag = " " + Guid.NewGuid().ToString("N")[..6];
            var ids = new Guid[Units];
            var start = new string[Units];
            for (var u = 0; u < Units; u++)
            {
                start[u] = $"Enhet {u}{tag}";
                ids[u] = Id(await OkAsync(await api.Http.PostAsJsonAsync("/api/units", UnitBody(start[u], director, "grundskola", "2020-01-01")),
                    HttpStatusCode.Created));
            }

            var story = string.Join("; ", moves.Select(m => string.Join(" | ", m)));
            var worlds = new List<World> { new(new Register([.. start.Select(name => new UnitTimeline([(Established, name)], null))])) };
            foreach (var (move, i) in moves.Select((m, i) => (m, i)))
            {
                var answers = await Task.WhenAll(move.Select(step => AnswerAsync(SendAsync(api, ids[step.Unit], step, tag))));
                worlds = PossibleWorlds.Narrow(worlds, move.Length, w => new World(w.Now), (w, j) => w.Try(move[j], tag) == answers[j], _ => true,
                        j => answers[j] == Lost)
                    .Select(w => w.Applied()).ToList();
                Assert.True(worlds.Count > 0,
                    $"move {i} of [{story}]: the service answered [{string.Join(", ", answers)}], which no order of the move gives in the model");
            }

            var read = new Dictionary<(int Unit, DateOnly Day), (string Name, string Status)>();
            foreach (var u in Enumerable.Range(0, Units))
            {
                foreach (var day in Asked)
                {
                    var unit = await api.GetAsync($"/api/units/{ids[u]}?asOf={day:yyyy-MM-dd}");
                    read[(u, day)] = (unit["name"]!.GetValue<string>(), unit["status"]!.GetValue<string>().ToLowerInvariant());
                }
            }

            bool Agrees(World world) => read.All(r => r.Value == world.Now.On(r.Key.Unit, r.Key.Day));
            var first = worlds[0].Now;
            Assert.True(worlds.Any(Agrees), $"moves [{story}]: the reads agree with no order the model allows; against the first: "
                + string.Join(", ", read.Where(r => r.Value != first.On(r.Key.Unit, r.Key.Day)).Take(4)
                    .Select(r => $"unit {r.Key.Unit} on {r.Key.Day:yyyy-MM-dd}: model {first.On(r.Key.Unit, r.Key.Day)}, read {r.Value}")));

            Interlocked.Increment(ref cases);
        }, iter: 15, threads: 1);

        Assert.Equal(15, cases);
    }

    private const string Taken = "taken";

    private const string Lost = "lost";

    private static Task<HttpResponseMessage> SendAsync(UnitsClient api, Guid unit, Step step, string tag) => step.Dissolve
        ? api.Http.PostAsJsonAsync($"/api/units/{unit}/dissolve", new { dissolvedOn = step.On, reason = "Läggs ned" })
        : api.Http.PostAsJsonAsync($"/api/units/{unit}/rename", new { name = Pool[step.Name] + tag, validFrom = step.On, reason = "Nytt namn" });

    /// <summary>The answer as the model says it: taken, lost to the request beside it (412), or the rule a 409 names.</summary>
    private static async Task<string> AnswerAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        if (response.IsSuccessStatusCode)
        {
            return Taken;
        }

        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode switch
        {
            HttpStatusCode.PreconditionFailed => Lost,
            HttpStatusCode.Conflict => System.Text.Json.Nodes.JsonNode.Parse(body)!["code"]!.GetValue<string>(),
            _ => $"{(int)response.StatusCode} {body}",
        };
    }

    /// <summary>A name as a registrar means it: NFC, whitespace runs as one space, trimmed — the case kept.</summary>
    private static string Written(string name) => Whitespace().Replace(name.Normalize(NormalizationForm.FormC), " ").Trim();

    /// <summary>Two names are one when they are written alike but for case.</summary>
    private static string Key(string name) => Written(name).ToLowerInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>One state the register may be in, and a copy to try a move's requests on.</summary>
    private sealed record World(Register Now)
    {
        private Register? _tried;

        /// <summary>Applies a step as the model decides; returns the model's answer.</summary>
        public string Try(Step step, string tag)
        {
            var model = _tried ?? Now;
            var (answer, next) = model.Apply(step, tag);
            _tried = next;
            return answer;
        }

        public World Applied() => new(_tried ?? Now);
    }

    /// <summary>One unit's names (in recording order, with their dates) and its dissolution.</summary>
    private sealed record UnitTimeline(IReadOnlyList<(DateOnly On, string Name)> Names, DateOnly? DissolvedOn)
    {
        /// <summary>The latest rename dated on or before the day, the later recorded first on the same day.</summary>
        public string NameOn(DateOnly day) =>
            Names.Select((n, i) => (n.On, n.Name, i)).Where(n => n.On <= day).OrderBy(n => n.On).ThenBy(n => n.i).Last().Name;

        public bool ActiveOn(DateOnly day) => day >= Established && (DissolvedOn is null || day < DissolvedOn);
    }

    /// <summary>The oracle: the three units' timelines.</summary>
    private sealed record Register(IReadOnlyList<UnitTimeline> Units)
    {
        public (string Name, string Status) On(int unit, DateOnly day) =>
            (Units[unit].NameOn(day), Units[unit].DissolvedOn is { } end && day >= end ? "dissolved" : "active");

        public (string Answer, Register Next) Apply(Step step, string tag)
        {
            var unit = Units[step.Unit];
            if (unit.DissolvedOn is { } end && step.On >= end)
            {
                return ("unit-dissolved", this); // nothing changes on or after a recorded dissolution; an earlier one wins
            }

            if (step.Dissolve)
            {
                return (Taken, With(step.Unit, unit with { DissolvedOn = step.On })); // a dissolution only frees days
            }

            var name = Written(Pool[step.Name] + tag);
            if (unit.NameOn(step.On) == name)
            {
                return ("unchanged", this);
            }

            var next = With(step.Unit, unit with { Names = [.. unit.Names, (step.On, name)] });
            return next.SharesAName() ? ("duplicate-name", this) : (Taken, next);
        }

        /// <summary>Whether two units hold one name on a common day: names change only on the asked days, so those suffice.</summary>
        private bool SharesAName() => Asked.Any(day =>
        {
            var held = Units.Where(u => u.ActiveOn(day)).Select(u => Key(u.NameOn(day))).ToList();
            return held.Distinct(StringComparer.Ordinal).Count() < held.Count;
        });

        private Register With(int index, UnitTimeline unit) => new([.. Units.Select((u, i) => i == index ? unit : u)]);
    }
}
