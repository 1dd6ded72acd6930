namespace Nacka.LocalServers;

/// <summary>
/// A process and everything it started, read from /proc (Linux): the AppHost runs a service as its built program
/// (<c>dotnet exec Name.dll</c>), and before 2026-12-02 ran it as <c>dotnet run</c> with the program beneath it.
/// </summary>
public static class ProcessTree
{
    /// <summary><paramref name="pid"/>, then its descendants.</summary>
    public static List<int> Of(int pid) => [pid, .. Directory.GetDirectories($"/proc/{pid}/task")
        .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Select(int.Parse).SelectMany(Of)];

    /// <summary>Resident memory of the whole tree, in kilobytes.</summary>
    public static long ResidentKilobytes(int pid) => Of(pid).Sum(Resident);

    /// <summary>
    /// Resident memory of the service's own program in the tree, in kilobytes: every process but a <c>dotnet run</c>
    /// launcher, which is the local orchestrator's way to start a project (about 100 MB of the CLI), not part of the
    /// service as it runs in production (<c>dotnet Service.dll</c> in its container).
    /// </summary>
    public static long ServiceResidentKilobytes(int pid) => Of(pid).Where(p => !IsDotnetRun(p)).Sum(Resident);

    private static bool IsDotnetRun(int pid)
    {
        var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        return arguments.Length > 1 && Path.GetFileName(arguments[0]) == "dotnet" && arguments[1] == "run";
    }

    private static long Resident(int pid) => File.ReadLines($"/proc/{pid}/status")
        .Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
}
