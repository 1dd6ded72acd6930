using System.Diagnostics;

namespace Nacka.Testing;

/// <summary>
/// Spectral (npm @stoplight/spectral-cli, pinned in tools/openapi-lint, installed by ./build.sh test)
/// with its OpenAPI ruleset over a set of documents: its exit code, and what it reported but warnings.
/// </summary>
public static class OpenApiLint
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> documents, CancellationToken ct)
    {
        var folder = Path.Combine(Repository.Root(), "tools", "openapi-lint");
        var spectral = Path.Combine(folder, "node_modules", ".bin", "spectral");
        if (!File.Exists(spectral))
        {
            throw new InvalidOperationException($"Spectral is not installed: run `npm ci` in {folder} (./build.sh test does).");
        }

        var start = new ProcessStartInfo(spectral) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["lint", "--ruleset", Path.Combine(folder, ".spectral.yaml"), "--fail-severity", "error", "--format",
            "text", .. documents])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        // Warnings (a missing operation description, no servers list) are advice; errors fail.
        var lines = (await output + await errors).Split('\n');
        var reported = lines.Where(l => !l.Contains(" warning ", StringComparison.Ordinal)).ToList();
        return (process.ExitCode, $"{string.Join('\n', reported)}\n({lines.Count(l => l.Contains(" warning ", StringComparison.Ordinal))} warnings)");
    }
}
