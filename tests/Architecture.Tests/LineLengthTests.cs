using System.Diagnostics;
using Nacka.Testing;
using Xunit;

namespace Nacka.Architecture.Tests;

/// <summary>
/// The build's line-length rule (NACKA001 in Directory.Build.targets, limit from .editorconfig's max_line_length) run on a
/// throw-away project: a line over the limit fails it, naming file and line; a line at the limit passes.
/// </summary>
public sealed class LineLengthTests
{
    [Fact]
    public async Task A_line_longer_than_max_line_length_fails_the_build_and_one_at_the_limit_passes()
    {
        var limit = int.Parse(File.ReadLines(Path.Combine(Repository.Root(), ".editorconfig"))
            .Select(l => l.Replace(" ", "", StringComparison.Ordinal)).First(l => l.StartsWith("max_line_length=", StringComparison.Ordinal))
            ["max_line_length=".Length..], System.Globalization.CultureInfo.InvariantCulture);

        var (tooLong, tooLongOutput) = await CheckAsync("// " + new string('x', limit - 2));
        var (atLimit, atLimitOutput) = await CheckAsync("// " + new string('x', limit - 3));

        Assert.True(tooLong != 0, tooLongOutput);
        Assert.Contains("Long.cs(1", tooLongOutput, StringComparison.Ordinal);
        Assert.Contains("NACKA001", tooLongOutput, StringComparison.Ordinal);
        Assert.True(atLimit == 0, atLimitOutput);
    }

    private static async Task<(int ExitCode, string Output)> CheckAsync(string line)
    {
        var folder = Directory.CreateTempSubdirectory("nacka-line-length-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "Long.cs"), line + "\n", TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "check.proj"), $"""
                <Project>
                  <Import Project="{Path.Combine(Repository.Root(), "Directory.Build.targets")}" />
                  <ItemGroup><Compile Include="Long.cs" /></ItemGroup>
                </Project>
                """, TestContext.Current.CancellationToken);
            var start = new ProcessStartInfo("dotnet", ["msbuild", "check.proj", "-t:NackaLineLength", "-nologo", "-noAutoResponse"])
            {
                WorkingDirectory = folder.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            return (process.ExitCode, await output + await error);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
