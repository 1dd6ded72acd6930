using Nacka.Committees.Domain;
using Nacka.Contracts.Committees;
using Nacka.Records.Changes;
using Nacka.Rules;
using Nacka.Testing;
using Xunit;

namespace Nacka.Committees.Tests.Domain;

/// <summary>The committee and assignment rules as pure functions: no database, no broker.</summary>
public sealed class CommitteeRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly DirectorPost Education = new(Guid.NewGuid(), "Utbildningsdirektör", new DateOnly(2020, 1, 1), "Johan Lindqvist");
    private static readonly DirectorPost Welfare = new(Guid.NewGuid(), "Välfärdsdirektör", new DateOnly(2020, 1, 1), null);
    private static readonly Dictionary<Guid, DirectorPost> Directors = new() { [Education.Id] = Education, [Welfare.Id] = Welfare };

    private static Revising Next(CommitteeState _, int version, string validFrom, string? reason = null) =>
        new(version, new ChangeInfo(DateOnly.Parse(validFrom), reason, null, "Test"), At, RuleInputs.Ids());

    private static CommitteeState Established() =>
        CommitteeRules.Establish(Guid.NewGuid(), "Utbildningsnämnden", "committee", null, [Education.Id], Directors, new DateOnly(2021, 1, 1),
            RuleInputs.First(At)).Value!.State;

    [Fact]
    public void Relinking_ends_the_links_not_named_on_the_date_and_starts_the_new_ones_and_the_event_names_every_link()
    {
        var committee = Established();

        var changed = CommitteeRules.ChangeLinkDirectors(committee, [Welfare.Id], Directors, Next(committee, 2, "2026-03-01")).Value!;

        Assert.Equal([(Education.Id, new DateOnly(2026, 3, 1)), (Welfare.Id, (DateOnly?)null)], changed.State.Links.Select(l => (l.DirectorPostId, l.To)));
        Assert.False(changed.State.IsLinkedOn(Education.Id, new DateOnly(2026, 3, 1)));
        Assert.True(changed.State.IsLinkedOn(Education.Id, new DateOnly(2026, 2, 28)));
        var announced = Assert.IsType<CommitteeLinkDirectorsChanged>(Assert.Single(changed.Events));
        Assert.Equal(["Utbildningsdirektör", "Välfärdsdirektör"], announced.LinkDirectors.Select(l => l.Title));
    }

    [Fact]
    public void Kind_accepts_the_two_names_in_any_case_and_nothing_else()
    {
        Assert.Equal(CommitteeKind.ExecutiveBoard, CommitteeRules.ParseKind("executiveboard").Value);
        Assert.All(new[] { "0", "1", "Council", "", null }, kind => Assert.False(CommitteeRules.ParseKind(kind).Succeeded));
    }

    [Fact]
    public void Dissolving_needs_a_reason_and_a_date_after_the_start_and_ends_every_link()
    {
        var committee = Established();

        Assert.Equal("reason", CommitteeRules.Dissolve(committee, Next(committee, 2, "2026-12-31")).Errors[0].Field);
        var dissolved = CommitteeRules.Dissolve(committee, Next(committee, 2, "2026-12-31", "Omorganisation")).Value!.State;

        Assert.All(dissolved.Links, l => Assert.Equal(new DateOnly(2026, 12, 31), l.To));
        Assert.Equal("committee-dissolved", CommitteeRules.ChangeDetails(dissolved, "Ny", null, Next(dissolved, 3, "2027-01-01")).Errors[0].Code);
    }

    [Fact]
    public void An_assignment_takes_the_units_director_by_default_and_a_closed_one_cannot_change()
    {
        var committee = Established();
        var unit = new UnitFacts(Guid.NewGuid(), "Sickla skola", new DateOnly(2015, 1, 1), null);
        var draft = new AssignmentDraft("Matematik", null, new DateOnly(2026, 1, 1), null, null, null, null);

        var issued = AssignmentRules.Issue(Guid.NewGuid(), draft, committee, unit, Education.Id, Directors, null, RuleInputs.First(At)).Value!;
        Assert.Equal(Education.Id, issued.State.ResponsibleDirectorPostId);
        Assert.Equal("director-not-linked", AssignmentRules.Issue(Guid.NewGuid(), draft, committee, unit, Welfare.Id, Directors, null,
            RuleInputs.First(At)).Errors[0].Code);

        var names = new AssignmentNames(committee.Name, unit.Name, Education.Title);
        var revising = new Revising(2, new ChangeInfo(new DateOnly(2026, 6, 1), "Klart", null, "Test"), At, RuleInputs.Ids());
        var completed = AssignmentRules.Complete(issued.State, new DateOnly(2026, 11, 28), names, revising).Value!.State;
        var again = revising with { Version = 3 };
        Assert.Equal("assignment-closed", AssignmentRules.Withdraw(completed, names, again).Errors[0].Code);
        Assert.Equal("assignment-closed", AssignmentRules.Brief(completed, null, new DateOnly(2026, 11, 28), names, again).Errors[0].Code);
    }

    private static readonly UnitFacts School = new(Guid.NewGuid(), "Sickla skola", new DateOnly(2015, 1, 1), null);

    private static AssignmentDraft Draft(DateOnly from, Guid? continues = null) => new("Matematik", null, from, null, null, null, continues);

    [Fact]
    public void An_assignment_starts_while_its_committee_is_active()
    {
        var committee = Established();

        var issued = AssignmentRules.Issue(Guid.NewGuid(), Draft(new DateOnly(2020, 6, 1)), committee, School, Education.Id, Directors, null,
            RuleInputs.First(At));

        Assert.Equal("committee-not-active", Assert.Single(issued.Errors).Code);
    }

    [Fact]
    public void An_assignment_starts_while_its_unit_is_active()
    {
        var dissolved = School with { DissolvedOn = new DateOnly(2025, 1, 1) };

        var issued = AssignmentRules.Issue(Guid.NewGuid(), Draft(new DateOnly(2026, 1, 1)), Established(), dissolved, Education.Id, Directors, null,
            RuleInputs.First(At));

        Assert.Equal("unit-not-active", Assert.Single(issued.Errors).Code);
    }

    [Fact]
    public void Only_an_assignment_withdrawn_from_a_predecessor_can_be_continued()
    {
        var committee = Established();
        var other = AssignmentRules.Issue(Guid.NewGuid(), Draft(new DateOnly(2026, 1, 1)), committee, School, Education.Id, Directors, null,
            RuleInputs.First(At)).Value!.State;

        var issued = AssignmentRules.Issue(Guid.NewGuid(), Draft(new DateOnly(2026, 2, 1), other.Id), committee, School, Education.Id, Directors,
            other, RuleInputs.First(At));

        Assert.Equal("not-a-successor", Assert.Single(issued.Errors).Code);
    }

    [Fact]
    public void A_units_manager_is_briefed_once()
    {
        var committee = Established();
        var assignment = AssignmentRules.Issue(Guid.NewGuid(), Draft(new DateOnly(2026, 1, 1)), committee, School, Education.Id, Directors, null,
            RuleInputs.First(At)).Value!.State;
        var names = new AssignmentNames(committee.Name, School.Name, Education.Title);
        var today = new DateOnly(2026, 11, 28);
        var briefed = AssignmentRules.Brief(assignment, null, today, names, Next(committee, 2, "2026-02-01")).Value!.State;

        Assert.Equal("already-briefed", Assert.Single(AssignmentRules.Brief(briefed, null, today, names, Next(committee, 3, "2026-03-01")).Errors).Code);
    }

    [Fact]
    public void Changing_a_committees_details_or_links_to_what_they_are_is_refused()
    {
        var committee = Established();

        Assert.Equal("unchanged", Assert.Single(CommitteeRules.ChangeDetails(committee, committee.Name, committee.Area,
            Next(committee, 2, "2026-03-01")).Errors).Code);
        Assert.Equal("unchanged", Assert.Single(CommitteeRules.ChangeLinkDirectors(committee, [Education.Id], Directors,
            Next(committee, 2, "2026-03-01")).Errors).Code);
    }

    [Fact]
    public void A_link_director_post_exists_on_the_day()
    {
        var later = new DirectorPost(Guid.NewGuid(), "Kulturdirektör", new DateOnly(2027, 1, 1), "Eva Berg");
        var directors = new Dictionary<Guid, DirectorPost>(Directors) { [later.Id] = later };

        var established = CommitteeRules.Establish(Guid.NewGuid(), "Kulturnämnden", "committee", null, [later.Id], directors,
            new DateOnly(2026, 1, 1), RuleInputs.First(At));

        Assert.Equal("director-post-closed", Assert.Single(established.Errors).Code);
    }
}
