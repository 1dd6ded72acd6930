using Nacka.Contracts.Mandates;
using Nacka.Contracts.Units;
using Nacka.Mandates.Domain;
using Nacka.Rules;
using Nacka.Testing;
using Xunit;

namespace Nacka.Mandates.Tests.Domain;

/// <summary>Mandates from kommunstyrelsen as pure functions: one rule per test, no database, no broker.</summary>
public sealed class MandateRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Jan1 = new(2026, 1, 1);
    private static readonly CommitteeFacts Ks = new(Guid.NewGuid(), "Kommunstyrelsen", true, new(2000, 1, 1), null);
    private static readonly CommitteeFacts Nämnd = new(Guid.NewGuid(), "Utbildningsnämnden", false, new(2000, 1, 1), null);
    private static readonly UnitFacts School = new(Guid.NewGuid(), "Sickla skola", ManagerTitle.Rektor, new(2015, 1, 1), null);

    private static GrantDraft Draft(DateOnly from, string title = "Rektor", CommitteeFacts? committee = null, DateOnly? to = null) =>
        new("Anna Svensson", null, title, null, new DecisionDraft((committee ?? Ks).Id, new DateOnly(2025, 12, 10), "§ 12", "KFKS 2025/1"), from, to);

    private static Outcome<Grant> Grant(GrantDraft draft, UnitFacts? unit = null, CommitteeFacts? committee = null, MandateState? open = null,
        IReadOnlyList<MandateState>? ended = null, MandateState? planned = null) =>
        MandateRules.Grant(Guid.NewGuid(), draft, unit ?? School, committee ?? Ks, open is null ? null : (open, Ending(open)), ended ?? [],
            RuleInputs.First(At), planned);

    private static Revising Ending(MandateState open) =>
        new(2, new ChangeInfo(open.ValidFrom, null, null, "Test"), At, RuleInputs.Ids());

    private static MandateState Granted(DateOnly from, DateOnly? to = null) => Grant(Draft(from, to: to)).Value!.Granted.State;

    [Fact]
    public void Granting_announces_the_mandate_as_version_1_with_its_ids_from_the_caller()
    {
        var grant = Grant(Draft(Jan1)).Value!;

        var granted = Assert.IsType<MandateGranted>(Assert.Single(grant.Granted.Events));
        Assert.Equal(new Guid("00000000-0000-0000-0000-000000000001"), granted.EventId);
        Assert.Equal(1, granted.Version);
        Assert.Equal(At, granted.OccurredAt);
        Assert.Null(grant.PreviousEnded);
    }

    /// <summary>The one error policy (docs/records.md): every bad value at once, then the first rule broken alone.</summary>
    [Fact]
    public void Every_bad_value_is_answered_at_once_and_of_the_rules_only_the_first_broken()
    {
        var unreadable = new GrantDraft(" ", new string('1', 200), "Rektor", null, new DecisionDraft(Ks.Id, new DateOnly(2025, 12, 10), null, null),
            Jan1, Jan1.AddDays(-1));

        Assert.Equal(["holder.employeeId", "holder.name", "validTo"], Grant(unreadable).Errors.Select(e => e.Field).Order());

        // A dissolved unit and the wrong title: "unit-not-active" alone, as the title check presumes an active unit.
        var dissolved = School with { DissolvedOn = new DateOnly(2025, 6, 1) };
        Assert.Equal("unit-not-active", Assert.Single(Grant(Draft(Jan1, title: "Enhetschef"), unit: dissolved).Errors).Code);
    }

    [Fact]
    public void A_grant_comes_from_a_decision_of_the_executive_board()
    {
        Assert.Equal("not-executive-board", Grant(Draft(Jan1, committee: Nämnd), committee: Nämnd).Errors.Single().Code);
    }

    [Fact]
    public void A_grant_needs_a_unit_active_on_its_first_day()
    {
        var dissolved = School with { DissolvedOn = new DateOnly(2025, 6, 1) };

        Assert.Equal("unit-not-active", Grant(Draft(Jan1), unit: dissolved).Errors.Single().Code);
    }

    [Fact]
    public void The_granted_title_is_the_units_manager_title()
    {
        Assert.Equal("title-mismatch", Grant(Draft(Jan1, title: "Enhetschef")).Errors.Single().Code);
    }

    [Fact]
    public void A_new_grant_takes_over_from_a_later_date_than_the_current_mandates_start()
    {
        var open = Granted(Jan1);

        Assert.Equal("overlaps-current", Grant(Draft(Jan1), open: open).Errors.Single().Code);
    }

    [Fact]
    public void A_grant_before_a_successor_appointed_ahead_takes_over_until_the_successor_starts()
    {
        var holding = Granted(Jan1);
        var successor = Granted(new DateOnly(2027, 3, 1));
        var acting = Grant(Draft(new DateOnly(2026, 12, 15)), open: holding, planned: successor).Value!;

        Assert.Equal((new DateOnly(2026, 12, 15), MandateEndReasons.Superseded, acting.Granted.State.Id),
            (acting.PreviousEnded!.Value.Change.State.EndedOn!.Value, acting.PreviousEnded.Value.Change.State.EndReason,
                acting.PreviousEnded.Value.Change.State.SuccessorId!.Value));
        var ends = acting.EndsAhead!.Value.Change.State;
        Assert.Equal((new DateOnly(2027, 3, 1), MandateEndReasons.Superseded, successor.Id), (ends.EndedOn!.Value, ends.EndReason, ends.SuccessorId!.Value));

        var limited = Grant(Draft(new DateOnly(2026, 12, 15), to: new DateOnly(2027, 1, 31)), open: holding, planned: successor)
            .Value!.EndsAhead!.Value.Change.State;
        Assert.Equal((new DateOnly(2027, 2, 1), MandateEndReasons.Expired, (Guid?)null), (limited.EndedOn!.Value, limited.EndReason, limited.SuccessorId));
    }

    [Fact]
    public void A_new_grant_supersedes_the_current_mandate_on_its_first_day()
    {
        var open = Granted(Jan1);
        var successorFrom = new DateOnly(2026, 8, 1);

        var (ended, revision) = Grant(Draft(successorFrom), open: open).Value!.PreviousEnded!.Value;

        Assert.Equal(successorFrom, ended.State.EndedOn);
        Assert.Equal(MandateEndReasons.Superseded, ended.State.EndReason);
        Assert.Equal(successorFrom, revision.Change.ValidFrom);
        Assert.Equal(revision.Version, Assert.IsType<MandateEnded>(Assert.Single(ended.Events)).Version);
    }

    [Fact]
    public void A_time_limited_mandate_that_ran_out_before_the_new_one_expired_the_day_after_its_last()
    {
        var open = Granted(Jan1, to: new DateOnly(2026, 3, 31));

        var (ended, _) = Grant(Draft(new DateOnly(2026, 8, 1)), open: open).Value!.PreviousEnded!.Value;

        Assert.Equal(new DateOnly(2026, 4, 1), ended.State.EndedOn);
        Assert.Equal(MandateEndReasons.Expired, ended.State.EndReason);
    }

    [Fact]
    public void An_ended_mandate_cannot_change()
    {
        var ended = Granted(Jan1) with { EndedOn = new DateOnly(2026, 6, 1), EndReason = MandateEndReasons.Revoked };
        var next = new Revising(2, new ChangeInfo(new DateOnly(2026, 9, 1), null, null, "Test"), At, RuleInputs.Ids());

        Assert.Equal("mandate-ended", MandateRules.Revoke(ended, School.Name, new DecisionDraft(Ks.Id, Jan1, null, null), Ks, next).Errors.Single().Code);
    }

    [Fact]
    public void Revoking_ends_the_mandate_on_the_date_by_the_boards_decision()
    {
        var mandate = Granted(Jan1);
        var next = new Revising(2, new ChangeInfo(new DateOnly(2026, 9, 1), null, null, "Test"), At, RuleInputs.Ids());

        var revoked = MandateRules.Revoke(mandate, School.Name, new DecisionDraft(Ks.Id, new DateOnly(2026, 8, 20), "§ 40", null), Ks, next).Value!;

        var ended = Assert.IsType<MandateEnded>(Assert.Single(revoked.Events));
        Assert.Equal((new DateOnly(2026, 9, 1), MandateEndReasons.Revoked, 2), (ended.EndedOn, ended.Reason, ended.Version));
        Assert.Equal("Kommunstyrelsen", ended.Decision!.Body);
    }

    [Theory]
    [InlineData("2021-06-01", null, "expired")] // grant A 2021-01-01..2021-12-31 ran out; B from inside A's period
    [InlineData("2021-06-01", null, "revoked")] // A revoked from 2022-01-01, later than B's start
    [InlineData("2020-06-01", "2021-03-31", "expired")] // B ends inside A's period
    public void One_mandate_leads_a_unit_on_any_day_ended_ones_included(string from, string? to, string how)
    {
        var a = Granted(new DateOnly(2021, 1, 1), to: how == "expired" ? new DateOnly(2021, 12, 31) : null) with
        {
            EndedOn = new DateOnly(2022, 1, 1), EndReason = how,
        };

        var grant = Grant(Draft(DateOnly.Parse(from), to: to is null ? null : DateOnly.Parse(to)), ended: [a]);

        Assert.Equal("overlaps-mandate", Assert.Single(grant.Errors).Code);
    }

    [Fact]
    public void A_grant_may_start_the_day_an_ended_mandate_stopped_holding()
    {
        var a = Granted(new DateOnly(2021, 1, 1), to: new DateOnly(2021, 12, 31)) with { EndedOn = new DateOnly(2022, 1, 1),
            EndReason = MandateEndReasons.Expired };

        Assert.True(Grant(Draft(new DateOnly(2022, 1, 1)), ended: [a]).Succeeded);
    }

    [Fact]
    public void A_revocation_does_not_end_a_mandate_before_it_starts()
    {
        var planned = Granted(new DateOnly(2027, 1, 1));
        var next = new Revising(2, new ChangeInfo(new DateOnly(2026, 12, 1), null, null, "Test"), At, RuleInputs.Ids());

        var revoked = MandateRules.Revoke(planned, School.Name, new DecisionDraft(Ks.Id, Jan1, null, null), Ks, next);

        Assert.Equal("endedOn", Assert.Single(revoked.Errors).Field);
    }
}
