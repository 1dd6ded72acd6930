using Nacka.Contracts;
using Nacka.Contracts.Units;
using Nacka.LocalServers;
using Nacka.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Nacka.Messaging.Tests;

/// <summary>
/// A municipal system's own RabbitMQ account (<c>./build.sh subscriber</c>): it reads the events
/// from its own queues, and it can neither publish a fake event nor read another system's queue.
/// </summary>
public sealed class SubscriberAccountTests(TestInfrastructure infrastructure)
{
    private static readonly string Exchange = EventNaming.For<UnitEstablished>().Exchange;

    private async Task<IConnection> ConnectAsAsync(string system)
    {
        var rabbit = infrastructure.RabbitMq;
        var uri = await SubscriberAccounts.CreateAsync(new Uri(rabbit.ManagementUrl), LocalRabbitMq.Username, rabbit.Password, "127.0.0.1",
            rabbit.AmqpPort, "/", system,
            TestContext.Current.CancellationToken);
        return await new ConnectionFactory { Uri = new Uri(uri) }.CreateConnectionAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_subscriber_reads_its_own_queue_but_cannot_publish_to_nacka_exchanges_nor_read_another_systems_queue()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var admin = await new ConnectionFactory { Uri = new Uri(infrastructure.MessagingConnectionString) }.CreateConnectionAsync(ct))
        await using (var setup = await admin.CreateChannelAsync(cancellationToken: ct))
        {
            await setup.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true, cancellationToken: ct);
        }

        var system = $"hr-{Guid.NewGuid():N}"[..20];
        await using var connection = await ConnectAsAsync(system);

        // Its own queue: declared, bound to a nacka exchange, read.
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: ct))
        {
            await channel.QueueDeclareAsync($"{system}.units", durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
            await channel.QueueBindAsync($"{system}.units", Exchange, routingKey: "", cancellationToken: ct);
            await channel.BasicGetAsync($"{system}.units", autoAck: true, ct);
        }

        // A fake event: refused.
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true,
            publisherConfirmationTrackingEnabled: true), ct))
        {
            var refused = await Record.ExceptionAsync(() => channel.BasicPublishAsync(Exchange, "", mandatory: false, new BasicProperties(),
                "{}"u8.ToArray(), ct).AsTask());
            Assert.True(refused is AlreadyClosedException or OperationInterruptedException or PublishException, $"publishing was not refused: {refused}");
        }

        // Another system's queue: refused.
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: ct))
        {
            var denied = await Assert.ThrowsAnyAsync<OperationInterruptedException>(() =>
                channel.QueueDeclareAsync("payroll.units", durable: true, exclusive: false, autoDelete: false, cancellationToken: ct));
            Assert.Equal((ushort)403, denied.ShutdownReason?.ReplyCode);
        }
    }

    [Theory]
    [InlineData("HR")]
    [InlineData("a")]
    [InlineData("hr system")]
    [InlineData("hr.system")]
    public void A_system_name_must_be_lower_case_letters_digits_or_dashes(string name) => Assert.False(SubscriberAccounts.IsValidSystemName(name));
}
