using Microsoft.EntityFrameworkCore;
using Nacka.Testing;
using Xunit;

namespace Nacka.Messaging.Tests;

/// <summary><c>Messaging:QuorumQueues</c>, the setting deploy/ turns on for the three-node broker, against the single local one.</summary>
public sealed class QuorumQueueTests(TestInfrastructure infrastructure)
{
    [Fact]
    public async Task With_QuorumQueues_the_services_queue_is_a_quorum_queue_and_events_flow_through_it()
    {
        await using var host = await WidgetsHost.StartAsync(infrastructure, infrastructure.NewDatabaseConnectionString("widgets"),
            beforeMessaging: builder => builder.Configuration["Messaging:QuorumQueues"] = "true");

        var registered = await host.RegisterAsync("through a quorum queue");
        await Eventually.HoldsAsync(async () => await host.QueryAsync(db => db.Effects.AnyAsync(e => e.EventId == registered.EventId)),
            TimeSpan.FromSeconds(30));

        Assert.Equal("quorum", await QueueTypeAsync(host.ConsumerQueue));
    }

    [Fact]
    public async Task Without_the_setting_the_queue_stays_classic()
    {
        await using var host = await WidgetsHost.StartAsync(infrastructure, infrastructure.NewDatabaseConnectionString("widgets"));

        Assert.Equal("classic", await QueueTypeAsync(host.ConsumerQueue));
    }

    private async Task<string?> QueueTypeAsync(string queue) =>
        (await infrastructure.RabbitMq.QueueTypesAsync(TestContext.Current.CancellationToken)).GetValueOrDefault(queue);
}
