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
            sizes[resource] = Math.Round(Nacka.LocalServers.ProcessTree.ResidentKilobytes(launcher) / 1024.0, 1);
        }

        return sizes;
    }
}
