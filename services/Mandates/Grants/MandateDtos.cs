using Nacka.Mandates.Domain;
using Nacka.Mandates.Data;
using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Mandates.Grants;

public sealed record HolderDto(string? Name, string? EmployeeId);

/// <summary>Kommunstyrelsen's decision behind a mandate.</summary>
/// <param name="CommitteeId">The deciding committee: kommunstyrelsen on <paramref name="Date"/> (GET /api/committees/executive-board).</param>
/// <param name="Date">The decision date.</param>
/// <param name="Paragraph">The minutes' paragraph, e.g. § 123.</param>
/// <param name="CaseNumber">The case number, e.g. KFKS 2026/123.</param>
public sealed record MandateDecisionDto(Guid? CommitteeId, DateOnly? Date, string? Paragraph, string? CaseNumber);

internal static class MandateDecisionRequests
{
    /// <summary>The decision as the rules take it (a missing decision is a draft of nothing, which the rules refuse by field).</summary>
    public static DecisionDraft ToDraft(this MandateDecisionDto? decision)
        => new(decision?.CommitteeId, decision?.Date, decision?.Paragraph, decision?.CaseNumber);
}

/// <summary>A decision as shown: with the committee's name.</summary>
public sealed record DecisionShownDto(Guid CommitteeId, string CommitteeName, DateOnly Date, string? Paragraph, string? CaseNumber);

/// <summary>A manager's mandate as it stood on <see cref="AsOf"/>.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Version">Its version (the ETag).</param>
/// <param name="UnitId">The unit led.</param>
/// <param name="UnitName">The unit's name.</param>
/// <param name="Holder">The manager.</param>
/// <param name="Title">Enhetschef, Rektor or Verksamhetschef.</param>
/// <param name="Scope">The areas it covers: direction, goals, organisation, economy, personnel, development.</param>
/// <param name="Decision">Kommunstyrelsen's decision.</param>
/// <param name="ValidFrom">First day.</param>
/// <param name="ValidTo">Last day, if time-limited.</param>
/// <param name="Status">planned, active or ended on <see cref="AsOf"/>.</param>
/// <param name="EndedOn">The first day it no longer holds, once recorded.</param>
/// <param name="EndReason">revoked, superseded, expired or unit-dissolved.</param>
/// <param name="SuccessorId">When superseded: the mandate that took over.</param>
/// <param name="AsOf">The date read.</param>
public sealed record MandateDto(
    Guid Id, int Version, Guid UnitId, string? UnitName, HolderDto Holder, string Title, IReadOnlyList<string> Scope, DecisionShownDto Decision,
    DateOnly ValidFrom, DateOnly? ValidTo, string Status, DateOnly? EndedOn, string? EndReason, Guid? SuccessorId, DateOnly AsOf)
{
    public static MandateDto From(MandateRecord record, string? unitName, DateOnly asOf)
    {
        var state = record.ToState();
        var d = state.Decision;
        return new MandateDto(state.Id, record.Version, state.UnitId, unitName, new HolderDto(state.HolderName, state.EmployeeId), state.Title.ToString(),
            [.. state.Scope.Select(a => a.ToString().ToLowerInvariant())],
                new DecisionShownDto(d.CommitteeId, d.CommitteeName, d.Date, d.Paragraph, d.CaseNumber),
            state.ValidFrom, state.ValidTo, state.StatusOn(asOf), state.EndedOn, state.EndReason, state.SuccessorId, asOf);
    }
}

/// <summary>What a mandate's history shows of each version.</summary>
public sealed record MandateSnapshot(string HolderName, string Title, DateOnly ValidFrom, DateOnly? ValidTo, DateOnly? EndedOn, string? EndReason,
    Guid? SuccessorId);

/// <summary>Kommunstyrelsen grants a manager the mandate for a unit.</summary>
/// <param name="UnitId">The unit (active on validFrom).</param>
/// <param name="Holder">The manager: name, and the employee id if known.</param>
/// <param name="Title">The unit's manager title: Enhetschef, Rektor or Verksamhetschef.</param>
/// <param name="Scope">Leave out for all six areas; name fewer when the decision limits the mandate.</param>
/// <param name="Decision">Kommunstyrelsen's decision: committee id, date, § paragraph, case number.</param>
/// <param name="ValidFrom">First day; default today. The unit's current mandate ends (superseded) that day.</param>
/// <param name="ValidTo">Last day, for a time-limited mandate; it then ends by itself (expired).</param>
/// <param name="Reason">A note, in words.</param>
public sealed record GrantMandateRequest(Guid? UnitId, HolderDto? Holder, string? Title, IReadOnlyList<string>? Scope, MandateDecisionDto? Decision,
    DateOnly? ValidFrom, DateOnly? ValidTo, string? Reason) : IChangeRequest, IDecisionDated
{
    DateOnly? IDecisionDated.DecisionDate => Decision?.Date;
}

/// <summary>Kommunstyrelsen revokes a mandate.</summary>
/// <param name="EndedOn">The first day it no longer holds; default today.</param>
/// <param name="Decision">Kommunstyrelsen's decision.</param>
/// <param name="Reason">A note, in words.</param>
public sealed record RevokeMandateRequest(DateOnly? EndedOn, MandateDecisionDto? Decision, string? Reason) : IChangeRequest, IDecisionDated
{
    DateOnly? IDecisionDated.DecisionDate => Decision?.Date;
}
