namespace Nacka.LocalServers;

/// <summary>
/// A process and everything it started, read from /proc (Linux): a service the AppHost runs is
/// <c>dotnet run</c> with the service's own program beneath it.
/// </summary>
public static class ProcessTree
{
    /// <summary><paramref name="pid"/>, then its descendants.</summary>
    public static List<int> Of(int pid) => [pid, .. Directory.GetDirectories($"/proc/{pid}/task")
        .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Select(int.Parse).SelectMany(Of)];

    /// <summary>Resident memory of the whole tree, in kilobytes.</summary>
    public static long ResidentKilobytes(int pid) => Of(pid).Sum(p => File.ReadLines($"/proc/{p}/status")
        .Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault());
}
