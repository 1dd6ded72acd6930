using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nacka.Testing;
using Xunit;

namespace Nacka.Messaging.Tests;

/// <summary>The bus reports nothing to MassTransit's usage tracking (docs/messaging.md, "Nothing leaves for a third party").</summary>
public sealed class UsageTelemetryTests(TestInfrastructure infrastructure)
{
    // MassTransit reports five minutes after the bus starts, too late to watch for in a test: the option its tracker reads is what
    // is checked, on a host built with AddMessaging as the services are (it was true before the opt-out: checked).
    [Fact]
    public async Task A_service_bus_has_MassTransits_usage_telemetry_turned_off()
    {
        await using var host = await WidgetsHost.StartAsync(infrastructure, infrastructure.NewDatabaseConnectionString("widgets"), withConsumer: false);

        Assert.False(host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}
