using Nacka.Records.Changes;
using Nacka.Rules;
using Nacka.Units.Registration;

namespace Nacka.Units.Reorganisation;

public sealed record DissolveUnitRequest(DateOnly? DissolvedOn, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

/// <summary>Merges other units into this one; they are dissolved with this unit as successor.</summary>
public sealed record MergeUnitsRequest(IReadOnlyList<Guid>? SourceUnitIds, DateOnly? ValidFrom, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

/// <summary>Splits this unit into new units (established on <c>validFrom</c>); this unit is dissolved.</summary>
public sealed record SplitUnitRequest(IReadOnlyList<CreateUnitRequest>? Successors, DateOnly? ValidFrom, string? Reason, DecisionDto? Decision)
    : IDecidedChangeRequest;
