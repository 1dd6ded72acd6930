using Nacka.Contracts.Units;
using Nacka.Records.Changes;
using Nacka.Rules;
using Nacka.Testing;
using Nacka.Units.Domain;
using Xunit;

namespace Nacka.Units.Tests.Domain;

public sealed class UnitRulesTests
{
    private static readonly DateOnly Jan1 = new(2026, 1, 1);
    private static readonly DateTimeOffset At = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DirectorPostState HeldPost = new(Guid.NewGuid(), "Utbildningsdirektör", new(2020, 1, 1), null,
        [new DirectorHolding("Anna Svensson", new(2020, 1, 1), null)]);
    private static readonly UnitDetails Details = new(null, null, "forskola", ManagerTitle.Rektor, [], null, null);

    private static UnitState NewUnit() => UnitRules.Establish(Guid.NewGuid(),
        new UnitDraft("Förskolan Ugglan", Details, HeldPost.Id, Jan1, Jan1, null), HeldPost, RuleInputs.First(At)).Value!.State;

    /// <summary>The next revision (version 2) of an entity whose latest change held from <paramref name="latest"/>.</summary>
    private static Revising On(DateOnly date, DateOnly latest, string? reason = "Beslut i KS", int version = 2)
        => new(version, new ChangeInfo(date, reason, null, null), At, RuleInputs.Ids());

    [Fact]
    public void Establishing_announces_the_unit_with_its_director_and_holder_as_version_1()
    {
        var established = UnitRules.Establish(Guid.NewGuid(), new UnitDraft(" Förskolan Ugglan ", Details, HeldPost.Id, Jan1, Jan1, null), HeldPost,
            RuleInputs.First(At)).Value!;

        var announced = Assert.IsType<UnitEstablished>(Assert.Single(established.Events));
        Assert.Equal(("Förskolan Ugglan", 1, "Utbildningsdirektör", "Anna Svensson"),
            (announced.Name, announced.Version, announced.ReportsTo.Title, announced.ReportsTo.HolderName));
        Assert.Equal(established.State.Id, announced.UnitId);
        Assert.Equal("established", established.Change);
    }

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

        var outcome = UnitRules.Establish(Guid.NewGuid(), new UnitDraft("Förskolan Ugglan", Details, vacant.Id, Jan1, Jan1, null), vacant,
            RuleInputs.First(At));

        Assert.Equal("director-post-vacant", Assert.Single(outcome.Errors).Code);
    }

    [Fact]
    public void No_reporting_line_to_an_ended_post()
    {
        var ended = HeldPost with { EndedOn = new DateOnly(2025, 12, 31) };

        var outcome = UnitRules.ChangeReportingLine(NewUnit() with { DirectorPostId = Guid.NewGuid() }, null, ended, ended.Id, On(Jan1, Jan1));

        Assert.Equal("director-post-closed", Assert.Single(outcome.Errors).Code);
    }

    [Fact]
    public void A_renamed_unit_announces_the_previous_and_the_new_name_with_its_next_version()
    {
        var renamed = UnitRules.Rename(NewUnit(), "Förskolan Berget", On(new(2026, 3, 1), Jan1, version: 4)).Value!;

        var announced = Assert.IsType<UnitRenamed>(Assert.Single(renamed.Events));
        Assert.Equal(("Förskolan Ugglan", "Förskolan Berget", 4, new DateOnly(2026, 3, 1)),
            (announced.PreviousName, announced.Name, announced.Version, announced.ValidFrom));
    }

    [Fact]
    public void A_dissolved_unit_can_only_be_read()
    {
        var dissolved = UnitRules.Dissolve(NewUnit(), On(new(2026, 6, 1), Jan1)).Value!.State;

        Assert.Equal("unit-dissolved", Assert.Single(UnitRules.Rename(dissolved, "Nytt namn", On(new(2026, 7, 1), new(2026, 6, 1))).Errors).Code);
        Assert.Equal("unit-dissolved", Assert.Single(UnitRules.Dissolve(dissolved, On(new(2026, 7, 1), new(2026, 6, 1))).Errors).Code);
    }

    [Fact]
    public void A_unit_cannot_be_dissolved_on_or_before_its_establishment()
    {
        var outcome = UnitRules.Dissolve(NewUnit(), On(Jan1, Jan1));

        Assert.Equal("dissolvedOn", Assert.Single(outcome.Errors).Field);
    }

    [Fact]
    public void A_change_says_why()
    {
        var outcome = UnitRules.Rename(NewUnit(), "Förskolan Berget", On(Jan1, Jan1, reason: null));

        Assert.Equal("reason", Assert.Single(outcome.Errors).Field);
    }

    [Fact]
    public void A_merge_keeps_the_predecessors_and_refuses_merging_a_unit_into_itself()
    {
        var target = NewUnit();
        var source = NewUnit();

        var merged = UnitRules.AbsorbMerged(target, [source], On(Jan1, Jan1)).Value!;
        Assert.Equal([source.Id], merged.State.PredecessorIds);
        Assert.Equal("Förskolan Ugglan", Assert.Single(Assert.IsType<UnitsMerged>(Assert.Single(merged.Events)).MergedUnits).Name);
        Assert.False(UnitRules.AbsorbMerged(target, [target], On(Jan1, Jan1)).Succeeded);
        Assert.False(UnitRules.AbsorbMerged(target, [source, source], On(Jan1, Jan1)).Succeeded);
    }

    [Fact]
    public void A_split_is_two_steps_of_history_the_split_naming_its_successors_then_the_dissolution()
    {
        var unit = NewUnit();
        var successors = new[] { NewUnit() with { Name = "A" }, NewUnit() with { Name = "B" } };

        var (split, dissolved) = UnitRules.Split(unit, successors, On(new(2026, 8, 1), Jan1, version: 2)).Value;

        Assert.Equal(2, Assert.IsType<UnitSplit>(Assert.Single(split.Events)).Version);
        var ended = Assert.IsType<UnitDissolved>(Assert.Single(dissolved.Events));
        Assert.Equal((3, new DateOnly(2026, 8, 1)), (ended.Version, ended.DissolvedOn));
        Assert.Equal(successors.Select(s => s.Id), ended.SuccessorIds);
        Assert.Equal(2, dissolved.State.SuccessorIds.Count);
        Assert.False(UnitRules.Split(unit, [successors[0]], On(Jan1, Jan1)).Succeeded);
    }

    [Fact]
    public void Appointing_a_director_ends_the_previous_holders_term_and_vacating_leaves_the_post_vacant()
    {
        var post = DirectorRules.Create(Guid.NewGuid(), "Teknisk direktör", new(2020, 1, 1), RuleInputs.First(At)).Value!.State;
        var first = DirectorRules.Appoint(post, "Per Holm", On(new(2020, 1, 1), new(2020, 1, 1))).Value!.State;
        var second = DirectorRules.Appoint(first, "Lena Berg", On(new(2024, 3, 1), new(2020, 1, 1), version: 3)).Value!;
        var vacated = DirectorRules.Vacate(second.State, On(new(2026, 2, 1), new(2024, 3, 1), version: 4)).Value!;

        Assert.Equal("Per Holm", second.State.HolderOn(new(2024, 2, 29))!.Name);
        Assert.Equal("Lena Berg", second.State.HolderOn(new(2024, 3, 1))!.Name);
        Assert.Equal("Per Holm", Assert.IsType<DirectorAppointed>(Assert.Single(second.Events)).PreviousHolderName);
        Assert.Null(vacated.State.HolderOn(new(2026, 2, 1)));
        Assert.Equal("Lena Berg", Assert.IsType<DirectorPostVacated>(Assert.Single(vacated.Events)).PreviousHolderName);
        Assert.Equal("already-vacant", Assert.Single(DirectorRules.Vacate(vacated.State, On(new(2026, 3, 1), new(2026, 2, 1))).Errors).Code);
    }

    [Fact]
    public void Details_are_validated_with_a_field_per_problem()
    {
        var outcome = UnitDetailsRules.Validate(
            new UnitDetailsInput(null, null, "fabrik", "Chef", [("organisationsnummer", "212000-0168"), ("skolenhetskod", "123")], null, null),
            new HashSet<string> { "forskola" });

        Assert.Equal(["kind", "managerTitle", "identifiers[0]", "identifiers[1]"], outcome.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Renaming_to_the_same_name_is_refused()
    {
        Assert.Equal("unchanged", Assert.Single(UnitRules.Rename(NewUnit(), "Förskolan Ugglan", On(new(2026, 3, 1), Jan1)).Errors).Code);
    }

    [Fact]
    public void A_name_is_kept_in_one_form_precomposed_with_single_spaces()
    {
        var decomposed = "  Förskolan  A\u030Angen \t";

        var unit = UnitRules.Establish(Guid.NewGuid(), new UnitDraft(decomposed, Details, HeldPost.Id, Jan1, Jan1, null), HeldPost,
            RuleInputs.First(At)).Value!.State;

        Assert.Equal("Förskolan \u00C5ngen", unit.Name);
        Assert.Equal("unchanged", Assert.Single(UnitRules.Rename(unit, "Förskolan   \u00C5ngen", On(new(2026, 3, 1), Jan1)).Errors).Code);
    }
}
