using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Nacka.Bench;

/// <summary>Each service's resident memory, read from /proc for the program its <c>dotnet run</c> started.</summary>
public static class Footprint
{
    public static async Task<Dictionary<string, double>> ResidentMegabytesAsync(DistributedApplication app, IEnumerable<string> resources)
    {
        var sizes = new Dictionary<string, double>();
        foreach (var resource in resources)
        {
            var running = await app.ResourceNotifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text == KnownResourceStates.Running);
            var launcher = int.Parse(running.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value!.ToString()!, System.Globalization.CultureInfo.InvariantCulture);
            var kilobytes = Tree(launcher).Sum(Rss);
            sizes[resource] = Math.Round(kilobytes / 1024.0, 1);
        }

        return sizes;
    }

    private static List<int> Tree(int pid) => [pid, .. Directory.GetDirectories($"/proc/{pid}/task")
        .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).SelectMany(Tree)];

    private static long Rss(int pid) => File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
}
