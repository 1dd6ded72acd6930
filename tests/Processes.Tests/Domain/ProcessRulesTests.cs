using Nacka.Contracts.Processes;
using Nacka.Processes.Domain;
using Nacka.Rules;
using Nacka.Testing;
using Xunit;

namespace Nacka.Processes.Tests.Domain;

/// <summary>A process's life, participation and management group as pure functions: one rule per test, no database.</summary>
public sealed class ProcessRulesTests
{
    private const string Actor = "556036-0793";
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Start = new(2024, 1, 1);
    private static readonly DirectorFacts Education = new(Guid.NewGuid(), "Utbildningsdirektör", new(2020, 1, 1), "Johan Lindqvist");
    private static readonly DirectorFacts Welfare = new(Guid.NewGuid(), "Välfärdsdirektör", new(2020, 1, 1), "Eva Berg");
    private static readonly DirectorFacts Vacant = new(Guid.NewGuid(), "Kulturdirektör", new(2020, 1, 1), null);
    private static readonly UnitFacts School = new(Guid.NewGuid(), "Sickla skola", new(2015, 1, 1), null);
    private static readonly ProcessNames Names = new(new Dictionary<Guid, DirectorFacts> { [Education.Id] = Education, [Welfare.Id] = Welfare,
        [Vacant.Id] = Vacant },
        new Dictionary<Guid, string> { [School.Id] = School.Name });

    private static Revising On(DateOnly date, string? reason = "Beslut i KS") => new(2, new ChangeInfo(date, reason, null, "Test"), At, RuleInputs.Ids());

    private static readonly DateOnly Later = new(2026, 6, 1);

    private static ProcessState Established() =>
        ProcessLife.Establish(Guid.NewGuid(), new ProcessDraft("Utbildningsprocessen", "main", null, null, Education.Id, Start), Names,
            RuleInputs.First(At, Start)).Value!.State;

    private static ProcessState WithSchool() => ProcessParticipation.JoinUnit(Established(), School, School.Id, "utför grundskoleutbildning",
        On(Later)).Value!.State;

    private static ProcessState WithActor() => ProcessParticipation.EngageActor(Established(), Actor, "Friskolan AB", null, null, On(Later)).Value!.State;

    private static string Code<T>(Outcome<T> outcome) => Assert.Single(outcome.Errors).Code;

    [Fact]
    public void Establishing_announces_the_process_and_seats_its_owner_as_chair_with_ids_from_the_caller()
    {
        var steps = ProcessLife.Establish(Guid.NewGuid(), new ProcessDraft("Utbildningsprocessen", "main", null, null, Education.Id, Start), Names,
            RuleInputs.First(At, Start)).Value!;

        Assert.Equal(["established", "seat-added"], steps.Steps.Select(s => s.Change));
        Assert.Equal([1, 2], steps.Steps.Select(s => s.Events.Single().Version));
        var chair = Assert.Single(steps.State.Group);
        Assert.Equal((Seats.Chair, Education.Id, new Guid("00000000-0000-0000-0000-000000000001")), (chair.Role, chair.DirectorPostId, chair.SeatId));
    }

    [Fact]
    public void A_process_is_owned_by_a_director_in_post()
    {
        Assert.Equal("owner-not-held", Code(ProcessLife.Establish(Guid.NewGuid(),
            new ProcessDraft("Kulturprocessen", "main", null, null, Vacant.Id, Start), Names, RuleInputs.First(At))));
    }

    [Fact]
    public void Changing_details_to_the_same_details_is_refused()
    {
        Assert.Equal("unchanged", Code(ProcessLife.ChangeDetails(Established(), "Utbildningsprocessen", "main", null, null, On(Later))));
    }

    [Fact]
    public void The_chair_moves_with_the_owner()
    {
        var steps = ProcessLife.ChangeOwner(Established(), Welfare.Id, Names, On(Later)).Value!;

        var chair = steps.State.GroupOn(Later).Single(s => s.Role == Seats.Chair);
        Assert.Equal(Welfare.Id, chair.DirectorPostId);
        Assert.Equal(Welfare.Id, steps.State.OwnerOn(Later));
        Assert.Equal(Education.Id, steps.State.OwnerOn(Later.AddDays(-1)));
    }

    [Fact]
    public void An_ended_process_can_only_be_read()
    {
        var ended = ProcessLife.End(Established(), On(Later)).Value!.State;

        Assert.Equal("process-ended", Code(ProcessLife.ChangeDetails(ended, "Nytt namn", null, null, null, On(Later.AddDays(1)))));
    }

    [Fact]
    public void Ending_a_process_ends_everything_in_it_on_that_day()
    {
        var ended = ProcessLife.End(WithSchool(), On(new DateOnly(2026, 9, 1))).Value!.State;

        Assert.Empty(ended.UnitsOn(new DateOnly(2026, 9, 1)));
        Assert.Empty(ended.GroupOn(new DateOnly(2026, 9, 1)));
        Assert.Single(ended.UnitsOn(new DateOnly(2026, 8, 31)));
    }

    [Fact]
    public void A_unit_joins_only_when_active_on_the_day()
    {
        var dissolved = School with { DissolvedOn = new DateOnly(2025, 1, 1) };

        Assert.Equal("unit-not-active", Code(ProcessParticipation.JoinUnit(Established(), dissolved, dissolved.Id, "utför", On(Later))));
    }

    [Fact]
    public void A_unit_takes_part_once()
    {
        Assert.Equal("already-participating", Code(ProcessParticipation.JoinUnit(WithSchool(), School, School.Id, "utför", On(Later.AddDays(1)))));
    }

    [Fact]
    public void Only_a_participating_unit_can_leave()
    {
        Assert.Equal("not-participating", Code(ProcessParticipation.LeaveUnit(Established(), School.Id, Names, On(Later))));
    }

    [Fact]
    public void An_actor_is_engaged_once()
    {
        Assert.Equal("already-engaged", Code(ProcessParticipation.EngageActor(WithActor(), Actor, "Friskolan AB", null, null, On(Later.AddDays(1)))));
    }

    [Fact]
    public void Only_an_engaged_actor_can_be_disengaged()
    {
        Assert.Equal("not-engaged", Code(ProcessParticipation.DisengageActor(Established(), Actor, Names, On(Later))));
    }

    [Fact]
    public void An_external_seat_belongs_to_an_engaged_actor()
    {
        Assert.Equal("actor-not-engaged",
            Code(ManagementGroup.AddMemberSeat(Established(), new SeatDraft(Seats.External, null, null, Actor, "Karin Holm"), null, Names, On(Later))));
    }

    [Fact]
    public void A_unit_managers_seat_needs_the_unit_active_on_the_day()
    {
        var dissolved = School with { DissolvedOn = new DateOnly(2025, 1, 1) };

        Assert.Equal("unit-not-active", Code(ManagementGroup.AddMemberSeat(Established(),
            new SeatDraft(Seats.UnitManager, null, dissolved.Id, null, null), dissolved, Names, On(Later))));
    }

    [Fact]
    public void The_group_has_each_seat_once()
    {
        var seated = ManagementGroup.AddMemberSeat(Established(), new SeatDraft(Seats.Director, Welfare.Id, null, null, null), null, Names, On(Later))
            .Value!.State;

        Assert.Equal("duplicate-seat", Code(ManagementGroup.AddMemberSeat(seated, new SeatDraft(Seats.Director, Welfare.Id, null, null, null), null,
            Names, On(Later.AddDays(1)))));
    }

    [Fact]
    public void Only_an_open_seat_can_end()
    {
        Assert.Equal("no-such-seat", Code(ManagementGroup.EndMemberSeat(Established(), Guid.NewGuid(), Names, On(Later))));
    }

    [Fact]
    public void The_chair_cannot_be_ended_alone()
    {
        var process = Established();

        Assert.Equal("chair-follows-owner", Code(ManagementGroup.EndMemberSeat(process, process.Group.Single().SeatId, Names, On(Later))));
    }

    [Fact]
    public void A_unit_whose_dissolution_is_recorded_takes_part_and_sits_only_until_it()
    {
        var closing = School with { DissolvedOn = new DateOnly(2026, 12, 31) };

        var joined = ProcessParticipation.JoinUnit(Established(), closing, closing.Id, "utför", On(Later)).Value!;
        var seated = ManagementGroup.AddMemberSeat(joined.State, new SeatDraft(Seats.UnitManager, null, closing.Id, null, null), closing, Names,
            On(Later)).Value!;

        Assert.Equal(["unit-joined", "unit-left"], joined.Steps.Select(s => s.Change));
        Assert.Equal(new DateOnly(2026, 12, 31), Assert.IsType<UnitLeftProcess>(joined.Steps[1].Events.Single()).To);
        Assert.Equal(["seat-added", "seat-ended"], seated.Steps.Select(s => s.Change));
        Assert.Empty(seated.State.UnitsOn(new DateOnly(2026, 12, 31)));
        Assert.DoesNotContain(seated.State.GroupOn(new DateOnly(2026, 12, 31)), s => s.Kind == Seats.UnitManager);
        Assert.Contains(seated.State.GroupOn(new DateOnly(2026, 12, 30)), s => s.Kind == Seats.UnitManager);
    }
}
