namespace Nacka.Records.Changes;

/// <summary>A write request that says why: a reason in words and/or the decision behind it.</summary>
public interface IChangeRequest
{
    string? Reason { get; }

    DecisionDto? Decision { get; }
}
