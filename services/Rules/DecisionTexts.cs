using System.Text.RegularExpressions;

namespace Nacka.Rules;

/// <summary>How the texts that say why a change was made are written: limits and the paragraph's form.</summary>
public static partial class DecisionTexts
{
    public const int MaxReasonLength = 2000;
    public const int MaxDecisionFieldLength = 100;

    [GeneratedRegex(@"^§\s?\d+[a-z]?$")]
    private static partial Regex ParagraphPattern();

    /// <summary>Reads like a paragraph of the minutes: <c>§ 123</c> (or <c>§ 12a</c>).</summary>
    public static bool IsParagraph(string paragraph) => ParagraphPattern().IsMatch(paragraph.Trim());
}
