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
/// mandate, a revocation dated before its mandate starts).
/// </summary>
public sealed class MandateTimelineModelTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly[] Days = [.. new[] { "2016-01-01", "2019-06-01", "2021-01-01", "2022-01-01", "2024-08-01", "2026-01-01", "2027-03-01", "2030-01-01" }
        .Select(d => DateOnly.Parse(d, CultureInfo.InvariantCulture))];

    private static readonly DateOnly[] Asked = [.. Days, .. Days.Select(d => d.AddDays(-1)), new DateOnly(2099, 1, 1)];

    /// <summary>A grant from <c>Days[From]</c> (until the day before <c>Days[Until]</c> when given; open-ended otherwise, about half the time), or a revocation of the <c>Which</c>-th mandate granted, from <c>Days[From]</c>.</summary>
    private sealed record Step(bool Grant, int From, int? Until, int Which)
    {
        public override string ToString() => Grant
            ? $"grant {Days[From]:yyyy-MM-dd}..{(Until is { } u ? Days[u].AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")}"
            : $"revoke #{Which} from {Days[From]:yyyy-MM-dd}";
    }

    private static readonly Gen<Step> OneStep = Gen.Frequency(
        (3, Gen.Select(Gen.Int[0, Days.Length - 1], Gen.Int[0, Days.Length - 1], (from, until) => new Step(true, from, until > from ? until : null, 0))),
        (1, Gen.Select(Gen.Int[0, Days.Length - 1], Gen.Int[0, 5], (from, which) => new Step(false, from, null, which))));

    [Fact]
    public async Task Accepted_writes_and_who_leads_on_every_day_agree_with_the_model_and_no_day_has_two_managers()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var director = await organisation.DirectorAsync();
        var ks = await organisation.CommitteeAsync("Kommunstyrelsen", director, "ExecutiveBoard");
        var cases = 0;

        await OneStep.Array[1, 6].SampleAsync(async steps =>
        {
            var unit = await organisation.UnitAsync($"Skola {Guid.NewGuid():N}"[..20], director);
            var model = new List<Modelled>();
            foreach (var (step, i) in steps.Select((s, i) => (s, i)))
            {
                var describe = $"step {i} ({step}) of [{string.Join("; ", steps)}]";
                if (step.Grant)
                {
                    var expected = Model.Grant(model, Days[step.From], step.Until is { } u ? Days[u].AddDays(-1) : null);
                    using var response = await organisation.MandatesApi.PostAsJsonAsync("/api/mandates",
                        Organisation.GrantBody(unit, ks, $"Chef {i}", validFrom: Iso(Days[step.From]), validTo: step.Until is { } t ? Iso(Days[t].AddDays(-1)) : null), Ct);
                    Assert.True((response.StatusCode == HttpStatusCode.Created) == expected, $"{describe}: model {(expected ? "accepts" : "refuses")}, service {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                    if (expected)
                    {
                        model.Add(new Modelled(Answers.Id((await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!), $"Chef {i}", Days[step.From],
                            step.Until is { } v ? Days[v].AddDays(-1) : null, null));
                        Model.EndOpen(model);
                    }
                }
                else if (model.Count > 0)
                {
                    var which = step.Which % model.Count;
                    var expected = Model.Revoke(model, which, Days[step.From]);
                    using var response = await organisation.MandatesApi.PostAsJsonAsync($"/api/mandates/{model[which].Id}/revoke", new
                    {
                        endedOn = Iso(Days[step.From]), reason = "Återkallat",
                        decision = new { committeeId = ks, date = "2025-12-10", paragraph = "§ 9", caseNumber = "KFKS 2025/9" },
                    }, Ct);
                    Assert.True(response.IsSuccessStatusCode == expected, $"{describe}: model {(expected ? "accepts" : "refuses")}, service {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                }
            }

            foreach (var day in Asked)
            {
                var holding = model.Where(m => m.HoldsOn(day)).ToList();
                Assert.True(holding.Count <= 1, $"the model itself has two managers on {day:yyyy-MM-dd}: [{string.Join("; ", steps)}]");
                var active = (await organisation.MandatesApi.GetFromJsonAsync<JsonObject>($"/api/mandates?unitId={unit}&asOf={Iso(day)}&status=active", Ct))!["items"]!.AsArray()
                    .Select(m => m!["holder"]!["name"]!.GetValue<string>()).ToList();
                Assert.True(active.SequenceEqual(holding.Select(m => m.Holder)),
                    $"on {day:yyyy-MM-dd} the model has [{string.Join(", ", holding.Select(m => m.Holder))}] active, the service [{string.Join(", ", active)}]; steps [{string.Join("; ", steps)}]");
            }

            Interlocked.Increment(ref cases);
        }, iter: 15, threads: 1);

        Assert.Equal(15, cases);
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A mandate as the model knows it: <see cref="EndedOn"/> is its recorded end (first day it no longer holds).</summary>
    private sealed record Modelled(Guid Id, string Holder, DateOnly From, DateOnly? To, DateOnly? EndedOn)
    {
        public DateOnly? HeldUntil => (To?.AddDays(1), EndedOn) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            (var a, var b) => a ?? b,
        };

        public bool HoldsOn(DateOnly day) => From <= day && (HeldUntil is null || day < HeldUntil);

        public bool HoldsDuring(DateOnly from, DateOnly? until) => (until is null || From < until) && (HeldUntil is null || from < HeldUntil);
    }

    /// <summary>The oracle, in the words of docs/mandates.md: one mandate leads a unit on any day.</summary>
    private static class Model
    {
        /// <summary>A grant is accepted unless the open mandate starts on or after it, or an ended one holds on one of its days.</summary>
        public static bool Grant(List<Modelled> mandates, DateOnly from, DateOnly? to)
        {
            var open = mandates.LastOrDefault(m => m.EndedOn is null);
            var others = mandates.Where(m => m.EndedOn is not null);
            return !(open is not null && open.From >= from) && !others.Any(m => m.HoldsDuring(from, to?.AddDays(1)));
        }

        /// <summary>The new grant (last) ends the one open before it: expired the day after its last day if that came first, else superseded.</summary>
        public static void EndOpen(List<Modelled> mandates)
        {
            var granted = mandates[^1];
            var index = mandates[..^1].FindLastIndex(m => m.EndedOn is null);
            if (index >= 0)
            {
                var open = mandates[index];
                mandates[index] = open with { EndedOn = open.To is { } last && last < granted.From ? last.AddDays(1) : granted.From };
            }
        }

        /// <summary>A revocation is accepted for a mandate whose end is not recorded, from its first day or later.</summary>
        public static bool Revoke(List<Modelled> mandates, int which, DateOnly endedOn)
        {
            var mandate = mandates[which];
            if (mandate.EndedOn is not null || endedOn < mandate.From)
            {
                return false;
            }

            mandates[which] = mandate with { EndedOn = endedOn };
            return true;
        }
    }
}
