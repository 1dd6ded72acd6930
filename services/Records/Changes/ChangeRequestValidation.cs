using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nacka.Records.Http;
using Nacka.Records.Rules;

namespace Nacka.Records.Changes;

public static partial class ChangeRequestValidation
{
    public const int MaxReasonLength = 2000;
    public const int MaxDecisionFieldLength = 100;

    [GeneratedRegex(@"^§\s?\d+[a-z]?$")]
    private static partial Regex ParagraphPattern();

    /// <summary>
    /// The "why" of every write in a group, checked once before any handler runs: a decision names
    /// its deciding body, its paragraph reads like <c>§ 123</c>, and the texts have sane lengths.
    /// Whether a reason is required depends on the change and stays with the domain rules.
    /// </summary>
    public static RouteGroupBuilder ValidateChangeRequests(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var errors = context.Arguments.OfType<IChangeRequest>().SelectMany(Check).ToList();
            return errors.Count > 0 ? Problems.For(errors) : await next(context);
        });
        return group;
    }

    /// <summary>Reads like a paragraph of the minutes: <c>§ 123</c> (or <c>§ 12a</c>).</summary>
    public static bool IsParagraph(string paragraph) => ParagraphPattern().IsMatch(paragraph.Trim());

    public static IEnumerable<DomainError> Check(IChangeRequest request)
    {
        if (request.Reason is { Length: > MaxReasonLength })
        {
            yield return DomainError.Invalid("reason", $"At most {MaxReasonLength} characters.");
        }

        if (request.Decision is not { } decision)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(decision.Body) || decision.Body.Length > MaxDecisionFieldLength)
        {
            yield return DomainError.Invalid("decision.body", "Name the deciding body, e.g. KS (at most 100 characters).");
        }

        if (decision.Paragraph is { } paragraph && !string.IsNullOrWhiteSpace(paragraph) && !IsParagraph(paragraph))
        {
            yield return DomainError.Invalid("decision.paragraph", "A paragraph of the minutes, written § 123.");
        }

        if (decision.CaseNumber is { Length: > MaxDecisionFieldLength })
        {
            yield return DomainError.Invalid("decision.caseNumber", "At most 100 characters, e.g. KFKS 2026/123.");
        }
    }
}
