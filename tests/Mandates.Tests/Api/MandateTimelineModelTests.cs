extern alias units;

using Microsoft.EntityFrameworkCore;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Nacka.Testing;
using Xunit;

namespace Nacka.Mandates.Tests.Api;

/// <summary>
/// Model-based: random sequences of grants (open-ended or time-limited) and revocations, dated
/// anywhere — before, between and after what is already recorded — sent to the real Mandates service
/// in the order a secretariat might send them. A small in-memory model of the unit's mandates says
/// which are accepted and who leads the unit on every day; the service must agree on both, and on
/// no day may two mandates be active (issue 20 #2 and #4: a grant reaching back under an expired
/// mandate, a revocation dated before its mandate starts) — nor may an end recorded ahead freeze the
/// unit: a revocation dated before it brings it forward, and a grant before a recorded dissolution
/// takes over from the manager then. The unit is renamed in Units too, dated anywhere: every mandate read on a day names
/// the unit as Units answers for that day (issue 20 #6: dated copies).
/// </summary>
public sealed class MandateTimelineModelTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly[] Days = DatedSteps.Days("2016-01-01", "2019-06-01", "2021-01-01", "2022-01-01", "2024-08-01", "2026-01-01",
        "2027-03-01", "2030-01-01");

    private static readonly DateOnly[] Asked = DatedSteps.AskedAround(Days);

    private enum Kind
    {
        Grant,
        Revoke,
        Dissolve,
        Rename,
    }

    /// <summary>
    /// A grant from <c>Days[From]</c> (until the day before <c>Days[Until]</c> when given; open-ended otherwise, about half the
    /// time), a revocation of the <c>Which</c>-th mandate granted from <c>Days[From]</c>, or the unit's dissolution from
    /// <c>Days[From]</c> recorded in Units (and heard by Mandates through its event).
    /// </summary>
    private sealed record Step(Kind Kind, int From, int? Until, int Which)
    {
        public override string ToString() => Kind switch
        {
            Kind.Grant => $"grant {Days[From]:yyyy-MM-dd}..{(Until is { } u ? Days[u].AddDays(-1).Iso() : "")}",
            Kind.Revoke => $"revoke #{Which} from {Days[From]:yyyy-MM-dd}",
            Kind.Rename => $"rename the unit from {Days[From]:yyyy-MM-dd}",
            _ => $"dissolve the unit from {Days[From]:yyyy-MM-dd}",
        };
    }

    private static readonly Gen<Step> OneStep = Gen.Frequency(
        (4, Gen.Select(Gen.Int[0, Days.Length - 1], Gen.Int[0, Days.Length - 1], (from, until) => new Step(Kind.Grant, from, until > from ? until : null, 0))),
        (2, Gen.Select(Gen.Int[0, Days.Length - 1], Gen.Int[0, 5], (from, which) => new Step(Kind.Revoke, from, null, which))),
        (1, Gen.Int[1, Days.Length - 1].Select(from => new Step(Kind.Dissolve, from, null, 0))),
        (1, Gen.Int[0, Days.Length - 1].Select(from => new Step(Kind.Rename, from, null, 0))));

    /// <summary>A move is one step, or — about one time in four — two steps sent at once (two grants, a grant beside a revocation or beside the
    /// unit's dissolution).</summary>
    private static readonly Gen<Step[]> OneMove = Gen.Frequency((3, OneStep.Select(s => new[] { s })),
        (1, OneStep.Array[2].Where(pair => pair.Count(s => s.Kind == Kind.Dissolve) < 2)));

    [Fact]
    public async Task Accepted_writes_and_who_leads_on_every_day_agree_with_the_model_and_no_day_has_two_managers()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard");
        var cases = 0;

        await Gen.Select(OneMove.Array[1, 6], Gen.Int).SampleAsync(async (moves, deliveryOrder) =>
        {
            var unit = await organisation.UnitAsync($"Skola {Guid.NewGuid():N}"[..20], director);
            var story = string.Join("; ", moves.Select(m => string.Join(" | ", m)));
            // Requests sent at once may be taken in either order: every order whose answers match what the service answered is
            // a world the register may now be in. Each later answer narrows them; the reads at the end must match one.
            var worlds = new List<World> { new([], null) };
            foreach (var (move, i) in moves.Select((m, i) => (m, i)))
            {
                var describe = $"move {i} ({string.Join(" | ", move)}) of [{story}]";
                // A revocation names its mandate before the move: by holder, which every world agrees on (they accepted the same grants).
                var targets = move.Select(s => s.Kind == Kind.Revoke && worlds[0].Mandates.Count > 0
                    ? worlds[0].Mandates.OrderBy(m => m.Holder, StringComparer.Ordinal).ElementAt(s.Which % worlds[0].Mandates.Count).Id : Guid.Empty)
                        .ToArray();
                var answers = await Task.WhenAll(move.Select((step, j) =>
                    SendAsync(organisation, unit, ks, step, Holder(i, j, move.Length), targets[j], worlds[0].DissolvedOn)));
                var next = PossibleWorlds.Narrow(worlds, move.Length, w => w.Copy(), (w, j) =>
                    w.Apply(move[j], answers[j], targets[j], Holder(i, j, move.Length)),
                    j => answers[j].Accepted, j => answers[j].Concurrent);
                Assert.True(next.Count > 0,
                    $"{describe}: the service answered [{string.Join(", ", answers.Select(a => a.Text))}], which no order of the move gives in the model");
                worlds = next;
                // Mandates hears a rename through Units' event: wait until it has applied it (the names it shows are checked at the end).
                foreach (var answer in answers.Where((a, j) => move[j].Kind == Kind.Rename && a.Accepted))
                {
                    await organisation.KnownAsync(db => db.HasAppliedAsync("units", unit, answer.Version, Ct),
                        async db => $"{describe}: answered [{string.Join(", ", answers.Select(a => a.Text))}]; Mandates has applied the unit's "
                            + "version " + await db.Set<Nacka.Messaging.ReadModels.ReadModelVersion>().Where(v => v.EntityId == unit)
                                .Select(v => v.Version).SingleOrDefaultAsync(Ct));
                }

                if (move.Any(s => s.Kind == Kind.Dissolve) && worlds.Any(w => w.DissolvedOn is not null))
                {
                    // Mandates hears the dissolution through Units' event: wait until it has applied it, as one of the worlds has.
                    var candidates = worlds;
                    await organisation.KnownAsync(async db => await db.KnownUnits.AnyAsync(u => u.UnitId == unit && u.DissolvedOn != null, Ct)
                        && await EndedWithUnitAsync(db, unit) is var ended && candidates.Any(w => w.DissolvedOn is not null && w.EndedWithUnit == ended),
                        async db => $"{describe}: answered [{string.Join(", ", answers.Select(a => a.Text))}]; the service's mandates ["
                            + string.Join("; ", (await db.Mandates.Current.Where(m => m.UnitId == unit).ToListAsync(Ct))
                                .Select(m => $"{m.HolderName} {m.MandateFrom:yyyy-MM-dd}..{m.MandateTo:yyyy-MM-dd} v{m.Version} ended "
                                    + $"{m.EndedOn:yyyy-MM-dd} {m.EndReason}"))
                            + "]; the worlds ended with the unit: [" + string.Join(", ",
                                candidates.Select(w => $"{w.DissolvedOn:yyyy-MM-dd}/{w.EndedWithUnit}")) + "]");
                    var ended = await organisation.QueryAsync(db => EndedWithUnitAsync(db, unit));
                    worlds = [.. worlds.Where(w => w.DissolvedOn is not null && w.EndedWithUnit == ended)];
                }
            }

            // Units' events delivered again, each twice, in an order of the case's own: nothing more is applied and no answer changes.
            var published = await PublishedEvents.AboutAsync<units::Nacka.Units.Data.UnitsDbContext>(organisation.Units.Services, [unit],
                typeof(Nacka.Contracts.Units.UnitEstablished), typeof(Nacka.Contracts.Units.UnitDissolved));
            Assert.NotEmpty(published);
            await PublishedEvents.RedeliveredChangeNothingAsync<Nacka.Mandates.Data.MandatesDbContext>(organisation.Mandates.Services, published, deliveryOrder,
                () => DatedSteps.AnswersAsync(organisation.MandatesApi, Asked, day => $"/api/mandates?unitId={unit}&asOf={DatedSteps.Iso(day)}&status=all", Ct),
                $"moves [{story}]");

            var read = new Dictionary<DateOnly, List<string>>();
            foreach (var day in Asked)
            {
                var named = (await organisation.UnitsApi.GetFromJsonAsync<JsonObject>($"/api/units/{unit}?asOf={DatedSteps.Iso(day)}",
                    Ct))!["name"]!.GetValue<string>();
                var all = await organisation.MandatesApi.GetFromJsonAsync<JsonObject>($"/api/mandates?unitId={unit}&asOf={DatedSteps.Iso(day)}&status=all", Ct);
                foreach (var mandate in all!["items"]!.AsArray())
                {
                    Assert.True(mandate!["unitName"]?.GetValue<string>() == named,
                        $"on {day:yyyy-MM-dd} a mandate names the unit {mandate["unitName"]}, Units {named}; moves [{story}]");
                }

                var active = await organisation.MandatesApi.GetFromJsonAsync<JsonObject>(
                    $"/api/mandates?unitId={unit}&asOf={DatedSteps.Iso(day)}&status=active", Ct);
                read[day] = active!["items"]!.AsArray()
                    .Select(m => m!["holder"]!["name"]!.GetValue<string>()).ToList();
            }

            foreach (var world in worlds)
            {
                foreach (var day in Asked)
                {
                    Assert.True(world.Mandates.Count(m => m.HoldsOn(day)) <= 1, $"the model itself has two managers on {day:yyyy-MM-dd}: [{story}]");
                }
            }

            var first = worlds[0];
            Assert.True(worlds.Any(w => Asked.All(day => read[day].SequenceEqual(w.Mandates.Where(m => m.HoldsOn(day)).Select(m => m.Holder)))),
                $"the service's managers by day agree with no order the model allows; moves [{story}]; first world: "
                + string.Join(", ", Asked.Where(day => !read[day].SequenceEqual(first.Mandates.Where(m => m.HoldsOn(day)).Select(m => m.Holder)))
                    .Select(day => $"{day:yyyy-MM-dd} model [{string.Join(", ", first.Mandates.Where(m => m.HoldsOn(day)).Select(m => m.Holder))}] "
                        + $"service [{string.Join(", ", read[day])}]")));

            Interlocked.Increment(ref cases);
        }, iter: 15, threads: 1);

        Assert.Equal(15, cases);
    }

    private static Task<int> EndedWithUnitAsync(Nacka.Mandates.Data.MandatesDbContext db, Guid unit) =>
        db.Mandates.Current.CountAsync(m => m.UnitId == unit && m.EndReason == "unit-dissolved", Ct);

    /// <summary>The unit's name after the rename sent as step <paramref name="label"/> (one of its own: names are unique among units).</summary>
    private static string RenamedTo(Guid unit, string label) => $"Skola {unit.ToString("N")[..12]} {label}";

    private static string Holder(int move, int j, int of) => of == 1 ? $"Chef {move}" : $"Chef {move}{(char)('a' + j)}";

    /// <summary>What the service answered one step: accepted or not, the new mandate's id, and whether it lost to a request sent beside it (412:
    /// nothing changed).</summary>
    /// <param name="Version">The record's version the answer gives (0 when it gives none).</param>
    private sealed record Answer(bool Accepted, Guid Id, bool Concurrent, string Text, int Version = 0);

    private static async Task<Answer> SendAsync(Organisation organisation, Guid unit, Guid ks, Step step, string holder, Guid target, DateOnly? dissolvedOn)
    {
        HttpResponseMessage response;
        if (step.Kind == Kind.Dissolve)
        {
            if (dissolvedOn is not null)
            {
                return new Answer(false, Guid.Empty, false, "not sent: already dissolved");
            }

            response = await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{unit}/dissolve",
                new { dissolvedOn = DatedSteps.Iso(Days[step.From]), reason = "Läggs ned" }, Ct);
        }
        else if (step.Kind == Kind.Rename)
        {
            response = await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{unit}/rename",
                new { name = RenamedTo(unit, holder), validFrom = DatedSteps.Iso(Days[step.From]), reason = "Nytt namn" }, Ct);
        }
        else if (step.Kind == Kind.Grant)
        {
            var until = step.Until is { } u ? Days[u].AddDays(-1) : (DateOnly?)null;
            response = await organisation.MandatesApi.PostAsJsonAsync("/api/mandates",
                Organisation.GrantBody(unit, ks, holder, validFrom: DatedSteps.Iso(Days[step.From]), validTo: until is { } t ? DatedSteps.Iso(t) : null), Ct);
        }
        else if (target != Guid.Empty)
        {
            response = await organisation.MandatesApi.PostAsJsonAsync($"/api/mandates/{target}/revoke", new
            {
                endedOn = DatedSteps.Iso(Days[step.From]), reason = "Återkallat",
                decision = new { committeeId = ks, date = "2025-12-10", paragraph = "§ 9", caseNumber = "KFKS 2025/9" },
            }, Ct);
        }
        else
        {
            return new Answer(false, Guid.Empty, false, "not sent: no mandate to revoke");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            var id = response.StatusCode == HttpStatusCode.Created ? Answers.Id(JsonNode.Parse(body)!.AsObject()) : Guid.Empty;
            Assert.True((int)response.StatusCode < 500, $"{step}: {(int)response.StatusCode} {body}");
            var version = response.IsSuccessStatusCode && JsonNode.Parse(body) is JsonObject answered && answered["version"] is { } v ? v.GetValue<int>() : 0;
            return new Answer(response.IsSuccessStatusCode, id, response.StatusCode == HttpStatusCode.PreconditionFailed,
                $"{step}: {(int)response.StatusCode} {body}", version);
        }
    }

    /// <summary>One state the register may be in: the unit's mandates and its dissolution, as the model has them.</summary>
    private sealed record World(List<Modelled> Mandates, DateOnly? DissolvedOn)
    {
        public int EndedWithUnit => Mandates.Count(m => m.Dissolved);

        public World Copy() => this with { Mandates = [.. Mandates] };

        public DateOnly? DissolvedOn { get; private set; } = DissolvedOn;

        /// <summary>Applies a step as the model decides it; returns whether the model accepts it.</summary>
        public bool Apply(Step step, Answer answer, Guid target, string holder)
        {
            switch (step.Kind)
            {
                case Kind.Dissolve:
                    if (DissolvedOn is not null)
                    {
                        return false;
                    }

                    DissolvedOn = Days[step.From];
                    Model.EndWithUnit(Mandates, DissolvedOn.Value);
                    return true;
                case Kind.Rename:
                    return DissolvedOn is not { } end || Days[step.From] < end; // a unit stays changeable up to its dissolution
                case Kind.Grant:
                    var until = step.Until is { } u ? Days[u].AddDays(-1) : (DateOnly?)null;
                    return Model.Grant(Mandates, new Modelled(answer.Id, holder, Days[step.From], until, null), DissolvedOn);
                default:
                    var which = Mandates.FindIndex(m => m.Id == target);
                    return which >= 0 && Model.Revoke(Mandates, which, Days[step.From]);
            }
        }
    }

    /// <summary>A mandate as the model knows it: <see cref="EndedOn"/> is its recorded end (first day it no longer holds).</summary>
    private sealed record Modelled(Guid Id, string Holder, DateOnly From, DateOnly? To, DateOnly? EndedOn, bool Dissolved = false, Guid? SuccessorId = null)
    {
        public DateOnly? HeldUntil => (To?.AddDays(1), EndedOn) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            (var a, var b) => a ?? b,
        };

        public bool HoldsOn(DateOnly day) => From <= day && (HeldUntil is null || day < HeldUntil);

        public bool HoldsDuring(DateOnly from, DateOnly? until) => (until is null || From < until) && (HeldUntil is null || from < HeldUntil);
    }

    /// <summary>The oracle, in the words of docs/mandates.md: one mandate leads a unit on any day; an earlier end wins.</summary>
    private static class Model
    {
        /// <summary>
        /// A grant takes over from the open mandate (end not recorded) or, when there is none, from the one holding on its first
        /// day that ends later only because the unit is dissolved. It is refused when the open mandate starts on or after it, or when another mandate
        /// with a recorded end holds on one of its days. The mandate taken over ends: expired the day after its last day if that
        /// came first, else superseded from the new one's first day. When the open mandate starts after the grant (a successor
        /// appointed ahead), the grant holds until the day before it and takes over from the mandate that successor supersedes.
        /// </summary>
        public static bool Grant(List<Modelled> mandates, Modelled granted, DateOnly? dissolvedOn)
        {
            if (granted.From >= dissolvedOn)
            {
                return false; // unit-not-active
            }

            var open = mandates.FindLastIndex(m => m.EndedOn is null);
            var over = open >= 0 ? open : mandates.FindLastIndex(m => m.Dissolved && m.From < granted.From && m.HoldsOn(granted.From));
            if (open >= 0 && mandates[open].From > granted.From)
            {
                // Superseded by the successor from its first day, or expired the day after its own last day if that comes first.
                var planned = mandates[open];
                var expires = granted.To is { } asked && asked < planned.From;
                granted = granted with { EndedOn = expires ? granted.To!.Value.AddDays(1) : planned.From, SuccessorId = expires ? null : planned.Id };
                over = mandates.FindLastIndex(m => m.SuccessorId == planned.Id && m.From < granted.From && (m.To is null || m.To >= granted.From));
            }
            else if (open >= 0 && mandates[open].From == granted.From)
            {
                return false;
            }

            if (mandates.Where((m, i) => i != over && m.EndedOn is not null).Any(m => m.HoldsDuring(granted.From, granted.HeldUntil)))
            {
                return false;
            }

            if (over >= 0)
            {
                var taken = mandates[over];
                var expired = taken.To is { } last && last < granted.From;
                mandates[over] = taken with { EndedOn = expired ? taken.To!.Value.AddDays(1) : granted.From, Dissolved = false, SuccessorId = expired
                    ? null : granted.Id };
            }

            // Written after the unit's dissolution is recorded, it ends with the unit.
            mandates.Add(dissolvedOn is { } end && (granted.To is null || granted.To >= end) && (granted.EndedOn is null || end < granted.EndedOn)
                ? granted with { EndedOn = end, Dissolved = true, SuccessorId = null } : granted);
            return true;
        }

        /// <summary>
        /// The unit is dissolved from <paramref name="on"/>: every mandate still holding then, or planned to start later, ends on
        /// that day (or on its own first day: it never holds); an earlier end already recorded stays. Returns how many ended so.
        /// </summary>
        public static int EndWithUnit(List<Modelled> mandates, DateOnly on)
        {
            for (var i = 0; i < mandates.Count; i++)
            {
                var from = mandates[i].From > on ? mandates[i].From : on;
                if (mandates[i].HeldUntil is not { } until || until > from)
                {
                    mandates[i] = mandates[i] with { EndedOn = from, Dissolved = true, SuccessorId = null };
                }
            }

            return mandates.Count(m => m.Dissolved);
        }

        /// <summary>A revocation is accepted from the mandate's first day on, before the end already recorded if there is one (an earlier end wins).</summary>
        public static bool Revoke(List<Modelled> mandates, int which, DateOnly endedOn)
        {
            var mandate = mandates[which];
            if ((mandate.EndedOn is { } recorded && endedOn >= recorded) || endedOn < mandate.From)
            {
                return false;
            }

            mandates[which] = mandate with { EndedOn = endedOn, Dissolved = false, SuccessorId = null };
            return true;
        }
    }
}
