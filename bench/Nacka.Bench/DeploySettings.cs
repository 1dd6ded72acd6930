using System.Text.RegularExpressions;

namespace Nacka.Bench;

/// <summary>
/// Settings deploy/ gives every program (<c>deploy/base/settings.yaml</c>), read so that the bench measures the system as it is
/// deployed, not as a local run's defaults leave it (e.g. the share of reads traced).
/// </summary>
internal static partial class DeploySettings
{
    private const string File = "deploy/base/settings.yaml";

    /// <summary>The value of <paramref name="name"/> (an environment variable's name, as the ConfigMap gives it).</summary>
    public static string Value(string name)
    {
        foreach (var line in System.IO.File.ReadLines(File))
        {
            var match = Setting().Match(line);
            if (match.Success && match.Groups["name"].Value == name)
            {
                return match.Groups["value"].Value;
            }
        }

        throw new InvalidOperationException($"{File} gives no {name}.");
    }

    [GeneratedRegex("""^\s+(?<name>[A-Za-z0-9_]+):\s*"?(?<value>[^"#]*?)"?\s*(#.*)?$""")]
    private static partial Regex Setting();
}
