using Nacka.Committees.Domain;
using Nacka.Contracts.Committees;
using Nacka.Records.Changes;
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
        new(version, new DateOnly(2021, 1, 1), new ChangeInfo(DateOnly.Parse(validFrom), reason, null, "Test"), At);

    private static CommitteeState Established() =>
        CommitteeRules.Establish(Guid.NewGuid(), "Utbildningsnämnden", "committee", null, [Education.Id], Directors, new DateOnly(2021, 1, 1), At).Value!.State;

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
    public void Dissolving_needs_a_reason_no_open_assignments_and_a_date_after_the_start_and_ends_every_link()
    {
        var committee = Established();

        Assert.Equal("reason", CommitteeRules.Dissolve(committee, 0, Next(committee, 2, "2026-12-31")).Errors[0].Field);
        Assert.Equal("open-assignments", CommitteeRules.Dissolve(committee, 2, Next(committee, 2, "2026-12-31", "Omorganisation")).Errors[0].Code);
        var dissolved = CommitteeRules.Dissolve(committee, 0, Next(committee, 2, "2026-12-31", "Omorganisation")).Value!.State;

        Assert.All(dissolved.Links, l => Assert.Equal(new DateOnly(2026, 12, 31), l.To));
        Assert.Equal("committee-dissolved", CommitteeRules.ChangeDetails(dissolved, "Ny", null, Next(dissolved, 3, "2027-01-01")).Errors[0].Code);
    }

    [Fact]
    public void An_assignment_takes_the_units_director_by_default_and_a_closed_one_cannot_change()
    {
        var committee = Established();
        var unit = new UnitFacts(Guid.NewGuid(), "Sickla skola", new DateOnly(2015, 1, 1), null);
        var draft = new AssignmentDraft("Matematik", null, new DateOnly(2026, 1, 1), null, null, null, null);

        var issued = AssignmentRules.Issue(Guid.NewGuid(), draft, committee, unit, Education.Id, Directors, null, At).Value!;
        Assert.Equal(Education.Id, issued.State.ResponsibleDirectorPostId);
        Assert.Equal("director-not-linked", AssignmentRules.Issue(Guid.NewGuid(), draft, committee, unit, Welfare.Id, Directors, null, At).Errors[0].Code);

        var names = new AssignmentNames(committee.Name, unit.Name, Education.Title);
        var revising = new Revising(2, new DateOnly(2026, 1, 1), new ChangeInfo(new DateOnly(2026, 6, 1), "Klart", null, "Test"), At);
        var completed = AssignmentRules.Complete(issued.State, new DateOnly(2026, 11, 28), names, revising).Value!.State;
        var again = revising with { Version = 3 };
        Assert.Equal("assignment-closed", AssignmentRules.Withdraw(completed, names, again).Errors[0].Code);
        Assert.Equal("assignment-closed", AssignmentRules.Brief(completed, null, new DateOnly(2026, 11, 28), names, again).Errors[0].Code);
    }
}
