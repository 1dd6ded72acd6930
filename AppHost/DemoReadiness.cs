using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nacka.AppHost;

/// <summary>
/// Says on the console when the demo organisation has loaded. The gateway's <c>/health</c> answers 200 about 15 s
/// before that (the loader starts once the gateway is healthy, and processes load last), so a script that starts at the
/// first 200 finds units but no processes: <c>./build.sh run</c>'s "Ready:" line is the moment to start one.
/// </summary>
internal sealed class DemoReadiness(ResourceNotificationService notifications, ILogger<DemoReadiness> logger) : BackgroundService
{
    public const string Loader = "demo-data";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var finished = await notifications.WaitForResourceAsync(Loader, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text),
            stoppingToken);
        if (finished.Snapshot.ExitCode == 0)
        {
            logger.LogInformation("Ready: the demo organisation is loaded (units, committees, mandates, processes)");
        }
        else
        {
            logger.LogWarning("The demo loader stopped ({State}, exit code {ExitCode}): its console in the dashboard says why",
                finished.Snapshot.State?.Text, finished.Snapshot.ExitCode);
        }
    }
}
