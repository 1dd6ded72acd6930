using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nacka.ServiceDefaults;
using Nacka.Records.Http;
using Nacka.Rules;

namespace Nacka.Records.Changes;

public static class ChangeRequestValidation
{
    private const int MaxReasonLength = DecisionTexts.MaxReasonLength;
    private const int MaxDecisionFieldLength = DecisionTexts.MaxDecisionFieldLength;

    /// <summary>
    /// The "why" of every write in a group, checked once before any handler runs: a decision names
    /// its deciding body, its paragraph reads like <c>§ 123</c>, and the texts have sane lengths.
    /// Whether a reason is required depends on the change and stays with the domain rules.
    /// </summary>
    public static RouteGroupBuilder ValidateChangeRequests(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var today = (context.HttpContext.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).Today();
            var errors = context.Arguments.OfType<IChangeRequest>().SelectMany(request => Check(request, today)).ToList();
            return errors.Count > 0 ? Problems.For(errors) : await next(context);
        });
        return group;
    }

    /// <summary>The texts' lengths and forms, and a decision that has been taken: dated no later than <paramref name="today"/> in Nacka.</summary>
    public static IEnumerable<DomainError> Check(IChangeRequest request, DateOnly today)
    {
        if (request.Reason is { Length: > MaxReasonLength })
        {
            yield return DomainError.Invalid("reason", $"At most {MaxReasonLength} characters.");
        }

        if (request is IDecisionDated { DecisionDate: { } decided } && decided > today)
        {
            // A change can be scheduled ahead; the decision behind it is already taken when it is recorded.
            yield return DomainError.Invalid("decision.date", $"A decision is recorded once taken: its date is not after today ({today:yyyy-MM-dd}).");
        }

        if ((request as IDecidedChangeRequest)?.Decision is not { } decision)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(decision.Body) || decision.Body.Length > MaxDecisionFieldLength)
        {
            yield return DomainError.Invalid("decision.body", "Name the deciding body, e.g. KS (at most 100 characters).");
        }

        if (decision.Paragraph is { } paragraph && !string.IsNullOrWhiteSpace(paragraph) && !DecisionTexts.IsParagraph(paragraph))
        {
            yield return DomainError.Invalid("decision.paragraph", "A paragraph of the minutes, written § 123.");
        }

        if (decision.CaseNumber is { Length: > MaxDecisionFieldLength })
        {
            yield return DomainError.Invalid("decision.caseNumber", "At most 100 characters, e.g. KFKS 2026/123.");
        }
    }
}
