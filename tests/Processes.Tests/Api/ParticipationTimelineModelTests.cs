extern alias units;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Nacka.Testing;
using Xunit;

namespace Nacka.Processes.Tests.Api;

/// <summary>
/// Model-based, across services: random sequences in which two units join and leave a process, their
/// managers' seats are added and a unit is dissolved in Units (heard through its event) — dated anywhere,
/// before, between and after each other, in any order, about one move in four two at once, and the process ended; then Units' events are delivered again, each
/// twice, in an order drawn for the case, and nothing may change. Whatever the order, on
/// every day read: a unit takes part, and its manager's seat is in the management group, only from a
/// join accepted for that day, before it left, before its dissolution and before the process's end
/// (issue 20 #5: a dissolved unit kept in the process until another unit's planned departure; found by it: a join planned
/// after a process end recorded later, and a manager's seat kept until a process end recorded for after the unit's dissolution).
/// The units are renamed and the owner's post gets new holders, dated anywhere too: on every day the process names each unit
/// and the owner's holder as Units answers for that day (issue 20 #6: dated copies).
/// </summary>
public sealed class ParticipationTimelineModelTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly[] Days = DatedSteps.Days("2021-01-01", "2024-03-01", "2026-01-01", "2026-12-10", "2027-02-01", "2027-06-01", "2030-01-01");

    private static readonly DateOnly[] Asked = DatedSteps.AskedAround(Days);

    private enum Kind
    {
        Join,
        Leave,
        Seat,
        DissolveUnit,
        EndProcess,
        RenameUnit,
        Appoint,
    }

    private sealed record Step(Kind Kind, int Unit, int On)
    {
        public override string ToString() => Kind switch
        {
            Kind.EndProcess => $"end the process from {Days[On]:yyyy-MM-dd}",
            Kind.Appoint => $"appoint the owner post's holder from {Days[On]:yyyy-MM-dd}",
            _ => $"{Kind} unit {Unit} on {Days[On]:yyyy-MM-dd}",
        };
    }

    private static readonly Gen<Step> OneStep = Gen.Frequency(
        (4, Gen.Select(Gen.Int[0, 1], Gen.Int[0, Days.Length - 1], (unit, on) => new Step(Kind.Join, unit, on))),
        (2, Gen.Select(Gen.Int[0, 1], Gen.Int[0, Days.Length - 1], (unit, on) => new Step(Kind.Leave, unit, on))),
        (2, Gen.Select(Gen.Int[0, 1], Gen.Int[0, Days.Length - 1], (unit, on) => new Step(Kind.Seat, unit, on))),
        (1, Gen.Select(Gen.Int[0, 1], Gen.Int[1, Days.Length - 1], (unit, on) => new Step(Kind.DissolveUnit, unit, on))),
        (1, Gen.Int[1, Days.Length - 1].Select(on => new Step(Kind.EndProcess, 0, on))),
        (1, Gen.Select(Gen.Int[0, 1], Gen.Int[0, Days.Length - 1], (unit, on) => new Step(Kind.RenameUnit, unit, on))),
        (1, Gen.Int[0, Days.Length - 1].Select(on => new Step(Kind.Appoint, 0, on))));

    /// <summary>One step, or — about one move in four — two sent at once.</summary>
    private static readonly Gen<Step[]> OneMove = Gen.Frequency((3, OneStep.Select(s => new[] { s })), (1, OneStep.Array[2]));

    [Fact]
    public async Task On_every_day_a_unit_and_its_managers_seat_are_in_the_process_only_between_a_join_and_every_end()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var cases = 0;

        await Gen.Select(OneMove.Array[1, 6], Gen.Int).SampleAsync(async (moves, deliveryOrder) =>
        {
            var steps = moves.SelectMany(m => m).ToArray();
            var story = string.Join("; ", moves.Select(m => string.Join(" | ", m)));
            var tag = Guid.NewGuid().ToString("N")[..8];
            var education = await organisation.DirectorAsync($"Utbildningsdirektör {tag}"); // the case's own post: its holders are the case's
            Guid[] units = [await organisation.UnitAsync($"Skola A {tag}", education), await organisation.UnitAsync($"Skola B {tag}", education)];
            var process = Answers.Id(await organisation.CreateProcessAsync($"Process {tag}", education));
            var joinedFrom = new List<DateOnly>[] { [], [] };
            var dissolved = new DateOnly?[2];
            DateOnly? ended = null;
            foreach (var move in moves)
            {
                // Two steps of a move are sent at once (a join as the unit is dissolved, or as the process ends, is the race that
                // matters); each runs up to its first request before the other starts, so the bookkeeping stays in step order.
                await Task.WhenAll(move.Select(step => SendAsync(step, Array.IndexOf(steps, step), move.Length)));
            }

            async Task SendAsync(Step step, int i, int atOnce)
            {
                var describe = $"step {i} ({step}) of [{story}]";
                var unit = units[step.Unit];
                var on = DatedSteps.Iso(Days[step.On]);
                HttpResponseMessage? response = step.Kind switch
                {
                    Kind.Join => await organisation.ProcessesApi.PostAsJsonAsync($"/api/processes/{process}/units",
                        new { unitId = unit, role = "deltar", from = on }, Ct),
                    Kind.Leave => await organisation.ProcessesApi.PostAsJsonAsync($"/api/processes/{process}/units/{unit}/leave",
                        new { to = on, reason = "Lämnar" }, Ct),
                    Kind.Seat => await organisation.ProcessesApi.PostAsJsonAsync($"/api/processes/{process}/seats",
                        new { kind = "unit-manager", unitId = unit, from = on }, Ct),
                    Kind.EndProcess when ended is null => await organisation.ProcessesApi.PostAsJsonAsync($"/api/processes/{process}/end",
                        new { endedOn = on, reason = "Avslutas" }, Ct),
                    Kind.RenameUnit => await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{unit}/rename",
                        new { name = $"Skola {step.Unit}{i} {tag}", validFrom = on, reason = "Nytt namn" }, Ct),
                    Kind.Appoint => await organisation.UnitsApi.PostAsJsonAsync($"/api/directors/{education}/appointments",
                        new { name = $"Person {i} {tag}", validFrom = on, reason = "Anställd" }, Ct),
                    _ => null,
                };
                if (step.Kind == Kind.DissolveUnit && dissolved[step.Unit] is null)
                {
                    using var dissolving = await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{unit}/dissolve",
                        new { dissolvedOn = on, reason = "Läggs ned" }, Ct);
                    // Refused only beside another request: the unit's other dissolution (409 unit-dissolved), or a write it lost to
                    // three times over (412); nothing changed.
                    Assert.True(dissolving.IsSuccessStatusCode
                        || (atOnce == 2 && dissolving.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed),
                        $"{describe}: {(int)dissolving.StatusCode} {await dissolving.Content.ReadAsStringAsync(Ct)}");
                    if (dissolving.IsSuccessStatusCode)
                    {
                        dissolved[step.Unit] = Days[step.On];
                        await organisation.KnownAsync(db => db.KnownUnits.AnyAsync(u => u.UnitId == unit && u.DissolvedOn != null, Ct));
                    }
                }

                if (response is null)
                {
                    return;
                }

                using (response)
                {
                    var body = await response.Content.ReadAsStringAsync(Ct);
                    // 412: lost to the request sent beside it, nothing changed.
                    Assert.True((int)response.StatusCode is 200 or 201 or 409 or 412 or 422, $"{describe}: {(int)response.StatusCode} {body}");
                    if (response.IsSuccessStatusCode && step.Kind == Kind.Join)
                    {
                        lock (joinedFrom)
                        {
                            joinedFrom[step.Unit].Add(Days[step.On]);
                        }
                    }

                    if (response.IsSuccessStatusCode && step.Kind == Kind.EndProcess)
                    {
                        ended = Days[step.On];
                    }

                    // A rename or an appointment is awaited until Processes has heard it.
                    // Heard when the read model holds this version or a later one: a rename from the same day sent beside it and taken
                    // after it replaces its name.
                    if (response.IsSuccessStatusCode && step.Kind == Kind.RenameUnit)
                    {
                        var version = JsonNode.Parse(body)!["version"]!.GetValue<int>();
                        await organisation.KnownAsync(db => db.HasAppliedAsync("units", unit, version, Ct));
                    }

                    if (response.IsSuccessStatusCode && step.Kind == Kind.Appoint)
                    {
                        await organisation.KnownAsync(async db =>
                            (await db.KnownDirectorPosts.Where(p => p.PostId == education).Select(p => p.Holders).SingleAsync(Ct))
                            .Contains($"Person {i} {tag}"));
                    }
                }
            }

            // Units' events delivered again, each twice, in an order of the case's own: nothing more is applied and no answer changes.
            var published = await PublishedEvents.AboutAsync<units::Nacka.Units.Data.UnitsDbContext>(organisation.Units.Services, units,
                typeof(Nacka.Contracts.Units.UnitEstablished), typeof(Nacka.Contracts.Units.UnitDissolved));
            Assert.True(published.Count >= 2, "each unit's establishment at least");
            await PublishedEvents.RedeliveredChangeNothingAsync<Nacka.Processes.Data.ProcessesDbContext>(organisation.Processes.Services, published,
                deliveryOrder,
                () => DatedSteps.AnswersAsync(organisation.ProcessesApi, Asked, day => $"/api/processes/{process}?asOf={DatedSteps.Iso(day)}", Ct),
                $"moves [{story}]");

            foreach (var day in Asked)
            {
                using var response = await organisation.ProcessesApi.GetAsync($"/api/processes/{process}?asOf={DatedSteps.Iso(day)}", Ct);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    continue; // before the process was recorded
                }

                var read = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
                var holder = (await organisation.UnitsApi.GetFromJsonAsync<JsonObject>($"/api/directors/{education}?asOf={DatedSteps.Iso(day)}",
                    Ct))!["holder"]?["name"]?.GetValue<string>();
                Assert.True(read["owner"]!["holderName"]?.GetValue<string>() == holder,
                    $"on {day:yyyy-MM-dd} the process names the owner {read["owner"]!["holderName"]}, Units {holder}; moves [{story}]");
                foreach (var participation in read["units"]!.AsArray())
                {
                    var unitId = participation!["unitId"]!.GetValue<Guid>();
                    var name = (await organisation.UnitsApi.GetFromJsonAsync<JsonObject>($"/api/units/{unitId}?asOf={DatedSteps.Iso(day)}",
                        Ct))!["name"]!.GetValue<string>();
                    Assert.True(participation["unitName"]?.GetValue<string>() == name,
                        $"on {day:yyyy-MM-dd} the process names unit {Array.IndexOf(units, unitId)} {participation["unitName"]}, Units {name}; "
                            + $"moves [{story}]");
                }

                var listed = read["units"]!.AsArray().Select(u => u!["unitId"]!.GetValue<Guid>()).ToList();
                var seated = read["managementGroup"]!.AsArray().Where(s => s!["kind"]!.GetValue<string>() == "unit-manager")
                    .Select(s => s!["unitId"]!.GetValue<Guid>()).ToList();
                for (var u = 0; u < 2; u++)
                {
                    var ends = new[] { dissolved[u], ended }.Where(e => e is not null).Select(e => e!.Value).ToList();
                    var afterAnEnd = ends.Any(end => day >= end);
                    var why = $"on {day:yyyy-MM-dd} (unit {u} dissolved {dissolved[u]:yyyy-MM-dd}, process ended {ended:yyyy-MM-dd}, joins "
                        + $"[{string.Join(", ", joinedFrom[u].Select(d => d.Iso()))}]); moves [{story}]";
                    Assert.False(listed.Contains(units[u]) && afterAnEnd, $"unit {u} still takes part {why}");
                    Assert.False(listed.Contains(units[u]) && !joinedFrom[u].Any(from => from <= day), $"unit {u} takes part before any join {why}");
                    Assert.False(seated.Contains(units[u]) && afterAnEnd, $"unit {u}'s manager still has a seat {why}");
                }
            }

            Interlocked.Increment(ref cases);
        }, iter: 12, threads: 1);

        Assert.Equal(12, cases);
    }

}
