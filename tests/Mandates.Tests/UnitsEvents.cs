extern alias units;

using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Contracts;
using Nacka.Mandates.Data;
using Nacka.Messaging.Outbox;
using Nacka.Messaging.ReadModels;
using Xunit;

namespace Nacka.Mandates.Tests;

/// <summary>Taking an event Units published from its outbox, and handing it to the Mandates read model directly (a redelivery).</summary>
internal static class UnitsEvents
{
    public static async Task<TEvent> LastAsync<TEvent>(WebApplicationFactory<units::Program> units, Guid subject) where TEvent : IIntegrationEvent
    {
        await using var scope = units.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<units::Nacka.Units.Data.UnitsDbContext>();
        var type = EventNaming.For<TEvent>().CloudEventType;
        var rows = await db.Set<OutboxMessage>().Where(m => m.Type == type).OrderByDescending(m => m.Id).ToListAsync(TestContext.Current.CancellationToken);
        return rows.Select(m => System.Text.Json.JsonSerializer.Deserialize<TEvent>(m.Payload, ContractJson.Options)!).First(e => e.SubjectId == subject);
    }

    public static async Task<int> ApplyAsync(WebApplicationFactory<Program> mandates, IIntegrationEvent e)
    {
        await using var scope = mandates.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReadModelApplier<MandatesDbContext>>().ApplyAsync(e, TestContext.Current.CancellationToken);
    }
}
