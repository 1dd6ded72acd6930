using System.Text;
using System.Text.RegularExpressions;

namespace Nacka.Rules;

/// <summary>
/// How a name is kept: trimmed, each run of whitespace one space, Unicode NFC (a precomposed Å,
/// whatever the keyboard sent). Two names that read the same are then the same text, so the
/// "one name, one record" indexes (compared in lower case) see them as one.
/// </summary>
public static partial class Names
{
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    public static string Normalise(string name) => Whitespace().Replace(name.Normalize(NormalizationForm.FormC), " ").Trim();
}
