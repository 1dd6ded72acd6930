using System.Globalization;
using System.Text.Json;
using Nacka.Contracts;
using Nacka.Messaging.Tests.Widgets;
using Nacka.Testing;
using Xunit;

namespace Nacka.Messaging.Tests;

public sealed class WireFormatTests(TestInfrastructure infrastructure)
{
    [Fact]
    public async Task A_plain_RabbitMQ_client_reads_the_JSON_body_and_CloudEvents_headers_from_the_documented_exchange()
    {
        await using var host = await WidgetsHost.StartAsync(infrastructure, infrastructure.NewDatabaseConnectionString("widgets"), withConsumer: false);
        await using var subscriber = await PlainSubscriber.BindAsync(infrastructure.MessagingConnectionString, "nacka.widgets.widget-registered");

        var registered = await host.RegisterAsync("Älta förskola");
        var delivery = (await subscriber.ReceiveAsync(1, TimeSpan.FromSeconds(30)))[0];

        Assert.Equal(registered.EventId.ToString(), delivery.MessageId);
        Assert.Equal("application/json", delivery.ContentType);
        Assert.Equal("1.0", delivery.Header("cloudEvents:specversion"));
        Assert.Equal(registered.EventId.ToString(), delivery.Header("cloudEvents:id"));
        Assert.Equal("se.nacka.org.widgets.widget-registered.v1", delivery.Header("cloudEvents:type"));
        Assert.Equal("urn:nacka:org:widgets", delivery.Header("cloudEvents:source"));
        Assert.Equal(registered.WidgetId.ToString(), delivery.Header("cloudEvents:subject"));
        var time = DateTimeOffset.Parse(delivery.Header("cloudEvents:time")!, CultureInfo.InvariantCulture);
        Assert.Equal(registered.OccurredAt.UtcTicks, time.UtcTicks);

        // The body is the event itself, camelCase, with no envelope around it.
        using var body = JsonDocument.Parse(delivery.Body);
        var properties = body.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["eventId", "occurredAt", "widgetId", "version", "name"], properties);
        Assert.Equal("Älta förskola", body.RootElement.GetProperty("name").GetString());
        Assert.Equal(1, body.RootElement.GetProperty("version").GetInt32());
    }
}
