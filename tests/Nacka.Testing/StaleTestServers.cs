using System.Globalization;
using Nacka.LocalServers;

namespace Nacka.Testing;

/// <summary>
/// When a test run is killed (Ctrl+C on the runner, a CI timeout), its fixture cannot clean up.
/// Each fixture records its owner PID and its servers' PIDs in its folder; the next run stops the
/// servers of folders whose owner is gone and removes them. Only recorded PIDs are signalled.
/// </summary>
internal static class StaleTestServers
{
    public const string FolderPrefix = "nacka-test-";
    private const string OwnerFile = "owner.pid";
    private const string PidsFile = "servers.pid";

    public static void RecordOwner(string root) =>
        File.WriteAllText(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    public static void RecordPid(string root, int pid) =>
        File.AppendAllText(Path.Combine(root, PidsFile), pid.ToString(CultureInfo.InvariantCulture) + "\n");

    public static void StopLeftovers()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            try
            {
                var ownerFile = Path.Combine(folder, OwnerFile);
                if (!File.Exists(ownerFile) || IsAlive(int.Parse(File.ReadAllText(ownerFile), CultureInfo.InvariantCulture)))
                {
                    continue;
                }

                var pidsFile = Path.Combine(folder, PidsFile);
                if (File.Exists(pidsFile))
                {
                    foreach (var line in File.ReadAllLines(pidsFile).Where(l => l.Length > 0))
                    {
                        var pid = int.Parse(line, CultureInfo.InvariantCulture);
                        if (IsAlive(pid))
                        {
                            PosixUser.Signal(pid, 9);
                        }
                    }
                }

                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                // Another run may be cleaning the same folder; leaving it is harmless.
            }
        }
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");
}
