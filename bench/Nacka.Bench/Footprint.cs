using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Nacka.Bench;

/// <summary>
/// Each service's resident memory, read from /proc: its own program (what runs in production), and separately the
/// <c>dotnet run</c> launcher the local orchestrator starts it with. Until 2026-12-01 the bench reported the two together.
/// </summary>
public static class Footprint
{
    public static async Task<Dictionary<string, double>> ResidentMegabytesAsync(DistributedApplication app, IEnumerable<string> resources,
        bool launcher = false)
    {
        var sizes = new Dictionary<string, double>();
        foreach (var resource in resources)
        {
            var running = await app.ResourceNotifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text == KnownResourceStates.Running);
            var pid = int.Parse(running.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value!.ToString()!,
                System.Globalization.CultureInfo.InvariantCulture);
            var service = Nacka.LocalServers.ProcessTree.ServiceResidentKilobytes(pid);
            var kilobytes = launcher ? Nacka.LocalServers.ProcessTree.ResidentKilobytes(pid) - service : service;
            sizes[resource] = Math.Round(kilobytes / 1024.0, 1);
        }

        return sizes;
    }
}
