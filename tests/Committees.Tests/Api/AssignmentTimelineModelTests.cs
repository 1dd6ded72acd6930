extern alias units;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Nacka.Testing;
using Xunit;

namespace Nacka.Committees.Tests.Api;

/// <summary>
/// Model-based, across services: random sequences of assignments issued (open-ended or for a period),
/// completed and withdrawn, the unit dissolved in Units (heard through its event) and the nämnd
/// dissolved — all dated anywhere, before, between and after each other, in any order, about one move in
/// four two at once (an issue as the unit or the nämnd is dissolved is the race). Whatever the
/// order, on every day: an assignment is open only within its period, before its unit's and its
/// nämnd's dissolution and before its own recorded close; and the unit's summary counts exactly the
/// assignments open that day (issue 20 #1 and #8). Units and nämnder are renamed and the responsible director post gets
/// new holders, dated anywhere too: every assignment and the summary show, on every day, the unit's and the nämnd's name
/// and the holder that their owners (Units, the nämnd register) answer for that day (issue 20 #6: dated copies).
/// </summary>
public sealed class AssignmentTimelineModelTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly[] Days = DatedSteps.Days("2024-03-01", "2025-06-01", "2026-01-01", "2026-12-15", "2027-01-01", "2027-06-01", "2030-01-01");

    private static readonly DateOnly[] Asked = DatedSteps.AskedAround(Days);

    private enum Kind
    {
        Issue,
        Complete,
        Withdraw,
        DissolveUnit,
        DissolveCommittee,
        RenameUnit,
        RenameCommittee,
        Appoint,
    }

    private sealed record Step(Kind Kind, int On, int? Until, int Which)
    {
        public override string ToString() => Kind switch
        {
            Kind.Issue => $"issue {Days[On]:yyyy-MM-dd}..{(Until is { } u ? DatedSteps.Iso(Days[u].AddDays(-1)) : "")}",
            Kind.Complete or Kind.Withdraw => $"{Kind.ToString().ToLowerInvariant()} #{Which} on {Days[On]:yyyy-MM-dd}",
            Kind.RenameUnit or Kind.RenameCommittee or Kind.Appoint => $"{Kind} {Which} from {Days[On]:yyyy-MM-dd}",
            _ => $"{Kind} from {Days[On]:yyyy-MM-dd}",
        };
    }

    private static readonly Gen<int> Day = Gen.Int[0, Days.Length - 1];

    private static readonly Gen<Step> OneStep = Gen.Frequency(
        (4, Gen.Select(Day, Day, (on, until) => new Step(Kind.Issue, on, until > on ? until : null, 0))),
        (1, Gen.Select(Day, Gen.Int[0, 5], (on, which) => new Step(Kind.Complete, on, null, which))),
        (1, Gen.Select(Day, Gen.Int[0, 5], (on, which) => new Step(Kind.Withdraw, on, null, which))),
        (1, Day.Select(on => new Step(Kind.DissolveUnit, on, null, 0))),
        (1, Day.Select(on => new Step(Kind.DissolveCommittee, on, null, 0))),
        (1, Gen.Select(Day, Gen.Int[0, 99], (on, which) => new Step(Kind.RenameUnit, on, null, which))),
        (1, Gen.Select(Day, Gen.Int[0, 99], (on, which) => new Step(Kind.RenameCommittee, on, null, which))),
        (1, Gen.Select(Day, Gen.Int[0, 99], (on, which) => new Step(Kind.Appoint, on, null, which))));

    /// <summary>One step, or — about one move in four — two sent at once.</summary>
    private static readonly Gen<Step[]> OneMove = Gen.Frequency((3, OneStep.Select(s => new[] { s })), (1, OneStep.Array[2]));

    /// <summary>What the test knows of an accepted assignment: its period and the close it recorded (the first accepted).</summary>
    private sealed record Issued(Guid Id, DateOnly From, DateOnly? To)
    {
        public DateOnly? ClosedOn { get; set; }
    }

    [Fact]
    public async Task On_every_day_an_assignment_is_open_only_within_its_period_before_every_end_and_the_summary_counts_exactly_those()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var api = new CommitteesClient(organisation.Committees.CreateClientAs());
        var cases = 0;

        await Gen.Select(OneMove.Array[1, 6], Gen.Int).SampleAsync(async (moves, deliveryOrder) =>
        {
            var steps = moves.SelectMany(m => m).ToArray();
            var story = string.Join("; ", moves.Select(m => string.Join(" | ", m)));
            var tag = Guid.NewGuid().ToString("N")[..8];
            var education = await organisation.DirectorAsync($"Utbildningsdirektör {tag}"); // the case's own post: its holders are the case's
            var unit = await organisation.UnitAsync($"Skola {tag}", education);
            var committee = Answers.Id(await api.CreateCommitteeAsync($"Nämnd {tag}", [education]));
            var issued = new List<Issued>();
            DateOnly? unitDissolved = null, committeeDissolved = null;
            foreach (var move in moves)
            {
                // Two steps of a move are sent at once (an assignment issued as its unit is dissolved is the race that matters);
                // each runs up to its first request before the other starts, so the test's own bookkeeping stays in step order.
                await Task.WhenAll(move.Select(step => SendAsync(step, Array.IndexOf(steps, step), move)));
            }

            async Task SendAsync(Step step, int i, Step[] move)
            {
                var describe = $"step {i} ({step}) of [{story}]";
                switch (step.Kind)
                {
                    case Kind.Issue:
                    {
                        var until = step.Until is { } u ? Days[u].AddDays(-1) : (DateOnly?)null;
                        using var response = await api.Http.PostAsJsonAsync("/api/assignments", new
                        {
                            committeeId = committee, unitId = unit, title = $"Uppdrag {i}", from = DatedSteps.Iso(Days[step.On]), to = until is { } t
                                ? DatedSteps.Iso(t) : null,
                            decision = new { body = "Nämnden", date = "2025-12-10", paragraph = $"§ {i}" },
                        }, Ct);
                        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity
                            or HttpStatusCode.PreconditionFailed,
                            $"{describe}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var created = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
                            lock (issued)
                            {
                                issued.Add(new Issued(Answers.Id(created), Days[step.On], until)
                                {
                                    ClosedOn = created["closedOn"] is { } closed
                                        ? DateOnly.Parse(closed.GetValue<string>(), CultureInfo.InvariantCulture) : null,
                                });
                            }
                        }

                        break;
                    }

                    case Kind.Complete or Kind.Withdraw when issued.Count > 0:
                    {
                        Issued target;
                        lock (issued)
                        {
                            target = issued[step.Which % issued.Count];
                        }

                        var (path, field) = step.Kind == Kind.Complete ? ("complete", "completedOn") : ("withdraw", "withdrawnOn");
                        using var response = await api.Http.PostAsJsonAsync($"/api/assignments/{target.Id}/{path}",
                            new Dictionary<string, object> { [field] = DatedSteps.Iso(Days[step.On]), ["reason"] = "Test" }, Ct);
                        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity
                            or HttpStatusCode.PreconditionFailed,
                            $"{describe}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                        lock (issued)
                        {
                            if (response.IsSuccessStatusCode && (target.ClosedOn is null || Days[step.On] < target.ClosedOn))
                            {
                                target.ClosedOn = Days[step.On];
                            }
                        }

                        break;
                    }

                    case Kind.DissolveUnit when unitDissolved is null:
                    {
                        using var response = await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{unit}/dissolve",
                            new { dissolvedOn = DatedSteps.Iso(Days[step.On]), reason = "Läggs ned" }, Ct);
                        // Refused only beside another request: the unit's other dissolution (409 unit-dissolved), or a write it lost to
                        // three times over (412); nothing changed.
                        Assert.True(response.IsSuccessStatusCode
                            || (move.Length == 2 && response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed),
                            $"{describe}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                        if (response.IsSuccessStatusCode)
                        {
                            unitDissolved = Days[step.On];
                            await organisation.KnownAsync(db => db.KnownUnits.AnyAsync(u => u.UnitId == unit && u.DissolvedOn != null, Ct));
                        }

                        break;
                    }

                    case Kind.RenameUnit:
                    {
                        var name = $"Skola {step.Which} {i} {tag}";
                        using var response = await organisation.UnitsApi.PostAsJsonAsync($"/api/units/{unit}/rename",
                            new { name, validFrom = DatedSteps.Iso(Days[step.On]), reason = "Nytt namn" }, Ct);
                        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed,
                            $"{describe}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                        if (response.IsSuccessStatusCode)
                        {
                            // Heard when the read model holds this version or a later one: a rename from the same day sent beside it and
                            // taken after it replaces its name.
                            var version = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["version"]!.GetValue<int>();
                            await organisation.KnownAsync(db => db.HasAppliedAsync("units", unit, version, Ct));
                        }

                        break;
                    }

                    case Kind.Appoint:
                    {
                        var name = $"Person {step.Which} {i} {tag}";
                        using var response = await organisation.UnitsApi.PostAsJsonAsync($"/api/directors/{education}/appointments",
                            new { name, validFrom = DatedSteps.Iso(Days[step.On]), reason = "Anställd" }, Ct);
                        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity
                            or HttpStatusCode.PreconditionFailed,
                            $"{describe}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                        if (response.IsSuccessStatusCode)
                        {
                            await organisation.KnownAsync(async db =>
                                (await db.KnownDirectorPosts.Where(p => p.PostId == education).Select(p => p.Holders).SingleAsync(Ct)).Contains(name));
                        }

                        break;
                    }

                    case Kind.RenameCommittee:
                    {
                        using var response = await api.Http.PutAsJsonAsync($"/api/committees/{committee}/details",
                            new { name = $"Nämnd {step.Which} {i} {tag}", area = "Test", validFrom = DatedSteps.Iso(Days[step.On]), reason = "Nytt namn" },
                            Ct);
                        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed,
                            $"{describe}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                        break;
                    }

                    case Kind.DissolveCommittee when committeeDissolved is null:
                    {
                        using var response = await api.Http.PostAsJsonAsync($"/api/committees/{committee}/dissolve", new
                        {
                            dissolvedOn = DatedSteps.Iso(Days[step.On]), reason = "Upphör",
                            decision = new { body = "Kommunfullmäktige", date = "2025-12-10", paragraph = "§ 1" },
                        }, Ct);
                        // Refused only beside another request: the nämnd's other dissolution (409), or a write it lost to three times over
                        // (412: a close of one of its assignments); nothing changed.
                        Assert.True(response.IsSuccessStatusCode
                            || (move.Length == 2 && response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed),
                            $"{describe}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                        if (response.IsSuccessStatusCode)
                        {
                            committeeDissolved = Days[step.On];
                        }
                        break;
                    }
                }
            }

            // Units' events delivered again, each twice, in an order of the case's own: nothing more is applied and no answer changes.
            var published = await PublishedEvents.AboutAsync<units::Nacka.Units.Data.UnitsDbContext>(organisation.Units.Services, [unit],
                typeof(Nacka.Contracts.Units.UnitEstablished), typeof(Nacka.Contracts.Units.UnitDissolved));
            Assert.NotEmpty(published);
            await PublishedEvents.RedeliveredChangeNothingAsync<Nacka.Committees.Data.CommitteesDbContext>(organisation.Committees.Services,
                published, deliveryOrder,
                async () => string.Join("\n", await DatedSteps.AnswersAsync(api.Http, Asked, day =>
                    $"/api/assignments/summary?unitId={unit}&asOf={DatedSteps.Iso(day)}", Ct),
                    string.Join("\n", await Task.WhenAll(issued.Select(a =>
                        DatedSteps.AnswersAsync(api.Http, Asked, day => $"/api/assignments/{a.Id}?asOf={DatedSteps.Iso(day)}", Ct))))),
                $"moves [{story}]");

            // What the owners answer for each day: the unit's name (Units), the nämnd's name, the post's holder (Units).
            var owners = new Dictionary<DateOnly, (string? Unit, string? Committee, string? Holder)>();
            foreach (var day in Asked)
            {
                var ofUnit = await OwnerAsync(organisation.UnitsApi, $"/api/units/{unit}?asOf={DatedSteps.Iso(day)}");
                var ofCommittee = await OwnerAsync(api.Http, $"/api/committees/{committee}?asOf={DatedSteps.Iso(day)}");
                var ofPost = await OwnerAsync(organisation.UnitsApi, $"/api/directors/{education}?asOf={DatedSteps.Iso(day)}");
                owners[day] = (ofUnit?["name"]?.GetValue<string>(), ofCommittee?["name"]?.GetValue<string>(), ofPost?["holder"]?["name"]?.GetValue<string>());
            }

            foreach (var day in Asked)
            {
                var openThatDay = 0;
                foreach (var assignment in issued)
                {
                    using var response = await api.Http.GetAsync($"/api/assignments/{assignment.Id}?asOf={DatedSteps.Iso(day)}", Ct);
                    if (response.StatusCode == HttpStatusCode.NotFound)
                    {
                        continue; // not yet recorded as of that day
                    }

                    var read = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
                    Assert.True(Shown(read) == owners[day], $"assignment {assignment.From:yyyy-MM-dd} on {day:yyyy-MM-dd} shows {Shown(read)}, "
                        + $"the owners answer {owners[day]}; moves [{story}]");
                    var status = read["status"]!.GetValue<string>();
                    var withinPeriod = assignment.From <= day && (assignment.To is null || day <= assignment.To);
                    var open = status == "issued" && withinPeriod;
                    var ends = new[] { unitDissolved, committeeDissolved, assignment.ClosedOn }.Where(e => e is not null).Select(e => e!.Value).ToList();
                    Assert.False(open && ends.Any(end => day >= end),
                        $"assignment {assignment.From:yyyy-MM-dd}..{assignment.To:yyyy-MM-dd} is open on {day:yyyy-MM-dd} after an end (unit "
                            + $"{unitDissolved:yyyy-MM-dd}, "
                        + $"nämnd {committeeDissolved:yyyy-MM-dd}, own {assignment.ClosedOn:yyyy-MM-dd}); moves [{story}]");
                    Assert.False(status != "issued" && withinPeriod && !ends.Any(end => day >= end),
                        $"assignment {assignment.From:yyyy-MM-dd} is {status} on {day:yyyy-MM-dd} before any end; moves [{story}]");
                    openThatDay += open ? 1 : 0;
                }

                var summary = await api.GetAsync($"/api/assignments/summary?unitId={unit}&asOf={DatedSteps.Iso(day)}");
                Assert.All(summary["committees"]!.AsArray(), share => Assert.True(share!["committee"]!["name"]!.GetValue<string>() == owners[day].Committee,
                    $"the summary on {day:yyyy-MM-dd} names the nämnd {share["committee"]!["name"]}, the register {owners[day].Committee}; moves [{story}]"));
                Assert.True(openThatDay == summary["total"]!.GetValue<int>(),
                    $"on {day:yyyy-MM-dd} {openThatDay} assignments are open, the summary counts {summary["total"]}; moves [{story}]");
            }

            Interlocked.Increment(ref cases);
        }, iter: 12, threads: 1);

        Assert.Equal(12, cases);
    }

    /// <summary>What an assignment shows of what other records own: the unit's and the nämnd's names, the responsible director.</summary>
    private static (string? Unit, string? Committee, string? Holder) Shown(JsonObject assignment) => (assignment["unit"]!["name"]?.GetValue<string>(),
        assignment["committee"]!["name"]?.GetValue<string>(), assignment["responsibleDirector"]!["holderName"]?.GetValue<string>());

    /// <summary>The owner's answer for a day, or null when the record did not exist then.</summary>
    private static async Task<JsonObject?> OwnerAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, Ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : (await Answers.OkAsync(response))!;
    }

}
