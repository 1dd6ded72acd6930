using Nacka.Units.Domain;

namespace Nacka.Units.Api;

/// <summary>A write request that says why: every write in this service carries a reason and/or a decision.</summary>
public interface IChangeRequest
{
    string? Reason { get; }

    DecisionDto? Decision { get; }
}

public static class ChangeRequests
{
    public const int MaxReasonLength = 2000;

    /// <summary>
    /// Checks the "why" of every write in a group, once, before any handler runs: a decision
    /// names its deciding body, and a reason has a sane length. Whether a reason is required
    /// depends on the change and stays with the domain rules.
    /// </summary>
    public static RouteGroupBuilder ValidateChangeRequests(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var errors = new List<DomainError>();
            foreach (var request in context.Arguments.OfType<IChangeRequest>())
            {
                if (request.Decision is { } decision && string.IsNullOrWhiteSpace(decision.Body))
                {
                    errors.Add(DomainError.Invalid("decision.body", "Name the deciding body, e.g. KS."));
                }

                if (request.Reason is { Length: > MaxReasonLength })
                {
                    errors.Add(DomainError.Invalid("reason", $"At most {MaxReasonLength} characters."));
                }
            }

            return errors.Count > 0 ? ApiResults.Problem(errors) : await next(context);
        });
        return group;
    }
}
