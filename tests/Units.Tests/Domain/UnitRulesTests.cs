using Nacka.Contracts.Units;
using Nacka.Units.Domain;
using Xunit;

namespace Nacka.Units.Tests.Domain;

public sealed class UnitRulesTests
{
    private static readonly DateOnly Jan1 = new(2026, 1, 1);
    private static readonly DirectorPostState HeldPost = new(Guid.NewGuid(), "Utbildningsdirektör", new(2020, 1, 1), null, [new DirectorHolding("Anna Svensson", new(2020, 1, 1), null)]);
    private static readonly UnitDetails Details = new(null, null, "forskola", ManagerTitle.Rektor, [], null, null);

    private static UnitState NewUnit() => UnitRules.Establish(Guid.NewGuid(), "Förskolan Ugglan", Details, HeldPost, HeldPost.Id, Jan1).Value!;

    private static ChangeInfo On(DateOnly date, string? reason = "Beslut i KS") => new(date, reason, null, null);

    [Fact]
    public void A_unit_is_planned_before_its_establishment_active_after_and_dissolved_from_its_dissolution()
    {
        var unit = NewUnit() with { DissolvedOn = new DateOnly(2027, 1, 1) };

        Assert.Equal(UnitStatus.Planned, unit.StatusOn(new(2025, 12, 31)));
        Assert.Equal(UnitStatus.Active, unit.StatusOn(Jan1));
        Assert.Equal(UnitStatus.Dissolved, unit.StatusOn(new(2027, 1, 1)));
    }

    [Fact]
    public void No_reporting_line_to_a_vacant_post()
    {
        var vacant = HeldPost with { Holders = [new DirectorHolding("Anna Svensson", new(2020, 1, 1), new(2025, 6, 1))] };

        var outcome = UnitRules.Establish(Guid.NewGuid(), "Förskolan Ugglan", Details, vacant, vacant.Id, Jan1);

        Assert.Equal("director-post-vacant", Assert.Single(outcome.Errors).Code);
    }

    [Fact]
    public void No_reporting_line_to_an_ended_post()
    {
        var ended = HeldPost with { EndedOn = new DateOnly(2025, 12, 31) };

        var outcome = UnitRules.ChangeReportingLine(NewUnit() with { DirectorPostId = Guid.NewGuid() }, ended, ended.Id, On(Jan1), Jan1);

        Assert.Equal("director-post-closed", Assert.Single(outcome.Errors).Code);
    }

    [Fact]
    public void A_dissolved_unit_can_only_be_read()
    {
        var dissolved = UnitRules.Dissolve(NewUnit(), On(new(2026, 6, 1)), Jan1).Value!;

        Assert.Equal("unit-dissolved", Assert.Single(UnitRules.Rename(dissolved, "Nytt namn", On(new(2026, 7, 1)), new(2026, 6, 1)).Errors).Code);
        Assert.Equal("unit-dissolved", Assert.Single(UnitRules.Dissolve(dissolved, On(new(2026, 7, 1)), new(2026, 6, 1)).Errors).Code);
    }

    [Fact]
    public void A_change_may_not_hold_from_before_the_units_latest_change()
    {
        var outcome = UnitRules.Rename(NewUnit(), "Förskolan Berget", On(new(2025, 12, 1)), Jan1);

        Assert.Equal("validFrom", Assert.Single(outcome.Errors).Field);
    }

    [Fact]
    public void A_unit_cannot_be_dissolved_on_or_before_its_establishment()
    {
        var outcome = UnitRules.Dissolve(NewUnit(), On(Jan1), Jan1);

        Assert.Equal("dissolvedOn", Assert.Single(outcome.Errors).Field);
    }

    [Fact]
    public void A_change_says_why()
    {
        var outcome = UnitRules.Rename(NewUnit(), "Förskolan Berget", On(Jan1, reason: null), Jan1);

        Assert.Equal("reason", Assert.Single(outcome.Errors).Field);
    }

    [Fact]
    public void A_merge_keeps_the_predecessors_and_refuses_merging_a_unit_into_itself()
    {
        var target = NewUnit();
        var source = NewUnit();

        Assert.Equal([source.Id], UnitRules.AbsorbMerged(target, [source], On(Jan1), Jan1).Value!.PredecessorIds);
        Assert.False(UnitRules.AbsorbMerged(target, [target], On(Jan1), Jan1).Succeeded);
        Assert.False(UnitRules.AbsorbMerged(target, [source, source], On(Jan1), Jan1).Succeeded);
    }

    [Fact]
    public void Appointing_a_director_ends_the_previous_holders_term_and_vacating_leaves_the_post_vacant()
    {
        var post = DirectorRules.Create(Guid.NewGuid(), "Teknisk direktör", new(2020, 1, 1)).Value!;
        var first = DirectorRules.Appoint(post, "Per Holm", new(2020, 1, 1), new(2020, 1, 1)).Value!;
        var second = DirectorRules.Appoint(first, "Lena Berg", new(2024, 3, 1), new(2020, 1, 1)).Value!;
        var vacated = DirectorRules.Vacate(second, new(2026, 2, 1), new(2024, 3, 1)).Value!;

        Assert.Equal("Per Holm", second.HolderOn(new(2024, 2, 29))!.Name);
        Assert.Equal("Lena Berg", second.HolderOn(new(2024, 3, 1))!.Name);
        Assert.Null(vacated.HolderOn(new(2026, 2, 1)));
        Assert.Equal("already-vacant", Assert.Single(DirectorRules.Vacate(vacated, new(2026, 3, 1), new(2026, 2, 1)).Errors).Code);
    }

    [Fact]
    public void Details_are_validated_with_a_field_per_problem()
    {
        var outcome = UnitDetailsRules.Validate(
            new UnitDetailsInput(null, null, "fabrik", "Chef", [("organisationsnummer", "212000-0168"), ("skolenhetskod", "123")], null, null),
            new HashSet<string> { "forskola" });

        Assert.Equal(["kind", "managerTitle", "identifiers[0]", "identifiers[1]"], outcome.Errors.Select(e => e.Field));
    }
}
