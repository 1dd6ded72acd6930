using System.Diagnostics;

namespace Nacka.AppHost.Infrastructure;

/// <summary>
/// Asks whether a container engine actually answers. The docker client alone is not enough: on
/// machines without an engine, <c>docker --version</c> works while <c>docker info</c> fails.
/// </summary>
internal static class ContainerRuntime
{
    private static readonly string[] Candidates = ["docker", "podman"];

    public static bool Answers(TimeSpan timeout) => Candidates.Any(runtime => InfoSucceeds(runtime, timeout));

    private static bool InfoSucceeds(string runtime, TimeSpan timeout)
    {
        try
        {
            var start = new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }

            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
