namespace Nacka.Records.Changes;

/// <summary>A write request that may say why in words; its length is checked before any handler runs.</summary>
public interface IChangeRequest
{
    string? Reason { get; }
}

/// <summary>
/// A write request that may also name the decision behind it by its body (<c>KS</c>, a nämnd's
/// name). Mandates name kommunstyrelsen by committee id instead and check it in their rules, so
/// their requests are <see cref="IChangeRequest"/> only.
/// </summary>
public interface IDecidedChangeRequest : IChangeRequest, IDecisionDated
{
    DecisionDto? Decision { get; }

    DateOnly? IDecisionDated.DecisionDate => Decision?.Date;
}

/// <summary>A write request naming a decision with its date (<c>decision.date</c>): a decision is recorded once taken, so not dated after today.</summary>
public interface IDecisionDated
{
    DateOnly? DecisionDate { get; }
}
