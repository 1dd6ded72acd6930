using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Nacka.LocalServers;

/// <summary>
/// PostgreSQL refuses to run as root. When we are root, its commands run as the <c>postgres</c>
/// user through <c>setpriv</c>, which execs the server in place: signals sent to the PID we hold
/// reach PostgreSQL itself, so stopping it is clean.
/// </summary>
public static partial class PosixUser
{
    public const string PostgresUser = "postgres";

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public const int SigInt = 2;
    public const int SigTerm = 15;

    public static bool IsRoot => System.Environment.IsPrivilegedProcess;

    /// <summary>Sends a POSIX signal to one process we started (never by name).</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>The command line that runs <paramref name="executable"/> as the postgres user when we are root.</summary>
    public static (string FileName, IReadOnlyList<string> Arguments) AsPostgresUser(string executable, IEnumerable<string> arguments)
    {
        if (!IsRoot)
        {
            return (executable, arguments.ToList());
        }

        return ("/usr/bin/setpriv", ["--reuid=" + PostgresUser, "--regid=" + PostgresUser, "--init-groups", "--", executable, .. arguments]);
    }

    /// <summary>Hands a folder to the postgres user when we are root, so the server can write to it.</summary>
    public static void GiveToPostgres(string path)
    {
        if (!IsRoot)
        {
            return;
        }

        Run("/bin/chown", ["-R", $"{PostgresUser}:{PostgresUser}", path]);
    }

    /// <summary>
    /// Whether the postgres user can enter and read <paramref name="directory"/>: every folder above
    /// it must let that user through, which a home folder (0700) or a <c>mktemp -d</c> folder does not.
    /// </summary>
    public static bool PostgresCanEnter(string directory)
    {
        var (fileName, arguments) = AsPostgresUser("/usr/bin/test", ["-x", directory, "-a", "-r", directory]);
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    /// <summary>Runs a short command to completion, failing with its output when it fails.</summary>
    public static void Run(string fileName, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: "
                + $"{stderr}{stdout.Result}");
        }
    }
}
