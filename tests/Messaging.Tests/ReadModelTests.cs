using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Messaging.ReadModels;
using Nacka.Messaging.Tests.Widgets;
using Nacka.Testing;
using Xunit;

namespace Nacka.Messaging.Tests;

/// <summary>
/// The read-model building block: another service's events applied in each entity's version
/// order, duplicates skipped, gaps filled from the producer's replay feed. The producer is a
/// widgets host with its outbox and feed; the follower keeps a read model of widgets.
/// </summary>
public sealed class ReadModelTests(TestInfrastructure infrastructure)
{
    private string NewDatabase() => infrastructure.NewDatabaseConnectionString("widgets");

    private static void FollowWidgets(WebApplicationBuilder builder, WidgetsHost producer)
    {
        builder.AddReadModel<WidgetsDbContext>(model => model
            .On<WidgetRegistered>(async (db, e, ct) =>
                db.Views.Add(new WidgetView { Id = e.WidgetId, Name = e.Name,
                    AppliedVersions = e.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            .On<WidgetRenamed>(async (db, e, ct) =>
            {
                // The toolkit's lookup: after a gap, the view the feed's first version staged in this transaction (not saved yet).
                var view = await db.Views.AppliedAsync(e.WidgetId, ct);
                view.Name = e.Name;
                view.AppliedVersions += "," + e.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }));
        builder.Services.AddHttpClient(ProducerFeed.ClientName("widgets")).ConfigurePrimaryHttpMessageHandler(producer.CreateHandler);
    }

    /// <summary>A producer with <paramref name="count"/> widgets registered (its events, for a follower to be handed).</summary>
    private async Task<(WidgetsHost Producer, List<WidgetRegistered> Registered)> ProducerWithWidgetsAsync(int count)
    {
        var producer = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false);
        var registered = new List<WidgetRegistered>();
        for (var i = 0; i < count; i++)
        {
            registered.Add(await producer.RegisterAsync($"w{i}"));
        }

        return (producer, registered);
    }

    /// <summary>
    /// Every group the host <paramref name="follower"/> returns applies (<c>nacka.inbox.group_size</c>), as it is recorded; groups
    /// other tests' hosts record meanwhile on the same instrument name are left out (null until the host has started).
    /// </summary>
    private static System.Diagnostics.Metrics.MeterListener ListenToGroupSizes(Func<WidgetsHost?> follower, Action<int> onGroup)
    {
        var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "nacka.inbox.group_size")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((instrument, size, _, _) =>
        {
            if (follower() is { } host
                && ReferenceEquals(instrument.Meter.Scope, host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()))
            {
                onGroup(size);
            }
        });
        listener.Start();
        return listener;
    }

    private static async Task<int> ApplyAsync(WidgetsHost follower, Nacka.Contracts.IIntegrationEvent e)
    {
        await using var scope = follower.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReadModelApplier<WidgetsDbContext>>().ApplyAsync(e, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_version_after_a_gap_fills_the_gap_from_the_feed_and_late_or_repeated_versions_are_skipped()
    {
        await using var producer = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false);
        var registered = await producer.RegisterAsync("a");
        var renamedB = await producer.RenameAsync(registered.WidgetId, "b");
        var renamedC = await producer.RenameAsync(registered.WidgetId, "c");
        await using var follower = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false, beforeMessaging: b =>
            FollowWidgets(b, producer));
        await Eventually.HoldsAsync(async () => (await producer.QueryAsync(db => db.Set<Outbox.OutboxMessage>()
            .CountAsync(m => m.Position != null))) == 3, TimeSpan.FromSeconds(10));

        Assert.Equal(3, await ApplyAsync(follower, renamedC)); // v3 first: v1 and v2 come from the feed
        Assert.Equal(0, await ApplyAsync(follower, registered)); // late
        Assert.Equal(0, await ApplyAsync(follower, renamedB)); // late
        Assert.Equal(0, await ApplyAsync(follower, renamedC)); // duplicate

        var view = await follower.QueryAsync(db => db.Views.SingleAsync(v => v.Id == registered.WidgetId));
        Assert.Equal(("c", "1,2,3"), (view.Name, view.AppliedVersions));
    }

    [Fact]
    public async Task The_same_version_delivered_several_times_at_once_is_applied_once()
    {
        await using var producer = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false);
        var registered = await producer.RegisterAsync("a");
        var renamed = await producer.RenameAsync(registered.WidgetId, "b");
        await using var follower = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false, beforeMessaging: b =>
            FollowWidgets(b, producer));

        // A new entity (the version row is inserted by the first) and a known one (the row exists): the others wait on its lock, then skip.
        foreach (var e in new Nacka.Contracts.IIntegrationEvent[] { registered, renamed })
        {
            var applied = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ApplyAsync(follower, e))));
            Assert.Equal([0, 0, 0, 0, 0, 0, 0, 1], applied.Order());
        }

        var view = await follower.QueryAsync(db => db.Views.SingleAsync(v => v.Id == registered.WidgetId));
        Assert.Equal(("b", "1,2"), (view.Name, view.AppliedVersions));
        Assert.Equal(2, await follower.QueryAsync(db => db.Set<ReadModelVersion>().Select(v => v.Version).SingleAsync()));
    }

    [Fact]
    public async Task Events_handed_in_together_share_a_transaction_and_each_keeps_its_own_outcome()
    {
        var groups = new System.Collections.Concurrent.ConcurrentBag<int>();
        WidgetsHost? followerHost = null;
        using var listener = ListenToGroupSizes(() => followerHost, groups.Add);
        var (producer, registered) = await ProducerWithWidgetsAsync(20);
        await using var producerHost = producer;
        await using var follower = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false, beforeMessaging: b =>
            FollowWidgets(b, producer));
        followerHost = follower;
        var writer = follower.Services.GetRequiredService<ReadModelWriter<WidgetsDbContext>>();
        var ct = TestContext.Current.CancellationToken;

        // Handed in faster than one transaction commits: they wait and go together. Duplicates in the same group count once.
        var outcomes = await Task.WhenAll(registered.Concat(registered.Take(3)).Select(e => writer.ApplyAsync(e, ct)).ToList());
        Assert.Equal(20, outcomes.Sum());
        Assert.True(groups.Max() > 1, $"group sizes: {string.Join(", ", groups)}");

        // A group with an event that cannot be applied (a gap nobody can fill), handed in last so that it waits with others: they are
        // applied, only that one fails.
        var orphan = new WidgetRenamed(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), 2, "never registered");
        var renames = registered.Take(10).Select(r => new WidgetRenamed(Guid.NewGuid(), DateTimeOffset.UtcNow, r.WidgetId, 2, r.Name + " renamed")).ToList();
        var handed = renames.Cast<Nacka.Contracts.IIntegrationEvent>().Append(orphan).Select(e => writer.ApplyAsync(e, ct)).ToList();

        await Assert.ThrowsAsync<InvalidOperationException>(() => handed[^1]);
        var renamed = await Task.WhenAll(handed.SkipLast(1));
        Assert.Equal(Enumerable.Repeat(1, 10), renamed);
        Assert.Equal(10, await follower.QueryAsync(db => db.Views.CountAsync(v => v.Name.EndsWith(" renamed"))));
        Assert.False(await follower.QueryAsync(db => db.Set<ReadModelVersion>().AnyAsync(v => v.EntityId == orphan.WidgetId && v.Version > 0)));
    }

    [Fact]
    public async Task An_event_handed_in_alone_takes_one_transaction_and_the_idle_groups_it_wakes_take_none()
    {
        var groups = new System.Collections.Concurrent.ConcurrentQueue<int>();
        WidgetsHost? followerHost = null;
        using var listener = ListenToGroupSizes(() => followerHost, groups.Enqueue);
        var (producer, registered) = await ProducerWithWidgetsAsync(10);
        await using var producerHost = producer;
        await using var follower = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false, beforeMessaging: b =>
            FollowWidgets(b, producer));
        followerHost = follower;
        var writer = follower.Services.GetRequiredService<ReadModelWriter<WidgetsDbContext>>();

        // One at a time, each applied before the next is handed in: every one finds all of the writer's loops idle and wakes them.
        foreach (var e in registered)
        {
            Assert.Equal(1, await writer.ApplyAsync(e, TestContext.Current.CancellationToken));
        }

        Assert.Equal(Enumerable.Repeat(1, registered.Count), groups);
        Assert.Equal(registered.Count, await follower.QueryAsync(db => db.Views.CountAsync()));
    }

    [Fact]
    public async Task A_gap_the_feed_cannot_fill_yet_fails_and_changes_nothing()
    {
        await using var producer = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false);
        await using var follower = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false, beforeMessaging: b =>
            FollowWidgets(b, producer));
        var orphan = new WidgetRenamed(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), 2, "never registered");

        await Assert.ThrowsAsync<InvalidOperationException>(() => ApplyAsync(follower, orphan));

        Assert.Equal(0, await follower.QueryAsync(db => db.Views.CountAsync()));
        Assert.Equal(0, await follower.QueryAsync(db => db.Set<ReadModelVersion>().CountAsync(v => v.Version > 0)));
    }

    [Fact]
    public async Task Over_RabbitMQ_with_one_queue_per_event_type_the_read_model_ends_in_version_order()
    {
        await using var producer = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false);
        await using var follower = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false, beforeMessaging: b =>
            FollowWidgets(b, producer));
        await follower.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));

        var ids = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            var widget = await producer.RegisterAsync($"w{i}");
            ids.Add(widget.WidgetId);
            for (var v = 2; v <= 4; v++)
            {
                await producer.RenameAsync(widget.WidgetId, $"w{i} v{v}");
            }
        }

        await Eventually.HoldsAsync(async () => await follower.QueryAsync(db => db.Views.CountAsync(v => v.AppliedVersions == "1,2,3,4")) == ids.Count,
            TimeSpan.FromSeconds(60), async () => string.Join("; ",
                await follower.QueryAsync(db => db.Views.Select(v => v.Name + ":" + v.AppliedVersions).ToListAsync())));
        Assert.All(await follower.QueryAsync(db => db.Views.ToListAsync()), v => Assert.EndsWith(" v4", v.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_row_an_event_changes_is_tracked_even_in_a_context_that_tracks_nothing_by_default()
    {
        // A handler changes the row AppliedAsync gives it, and the applier saves the context: an untracked row would lose the change.
        var database = NewDatabase();
        await (await WidgetsHost.StartAsync(infrastructure, database, withConsumer: false)).DisposeAsync();
        var options = new DbContextOptionsBuilder<UntrackedViews>().UseNpgsql(database).Options;
        var id = Guid.NewGuid();
        await using (var setup = new UntrackedViews(options))
        {
            setup.Views.Add(new WidgetView { Id = id, Name = "a", AppliedVersions = "1" });
            await setup.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var db = new UntrackedViews(options);
        var view = await db.Views.AppliedAsync(id, TestContext.Current.CancellationToken);
        view.Name = "b";
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        await using var reader = new UntrackedViews(options);
        Assert.Equal("b", (await reader.Views.SingleAsync(v => v.Id == id, TestContext.Current.CancellationToken)).Name);
    }

    [Fact]
    public async Task Finding_the_row_for_an_event_does_not_first_scan_everything_the_transaction_tracks()
    {
        // DbSet.Local compares every tracked entity with its snapshot before it answers; one lookup per event in a group of a hundred
        // made that a hundred scans. The change made to the first row must still be undetected after the second lookup.
        var database = NewDatabase();
        await (await WidgetsHost.StartAsync(infrastructure, database, withConsumer: false)).DisposeAsync();
        var options = new DbContextOptionsBuilder<WidgetsDbContext>().UseNpgsql(database).Options;
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var setup = new WidgetsDbContext(options))
        {
            setup.Views.AddRange(new WidgetView { Id = first, Name = "a" }, new WidgetView { Id = second, Name = "b" });
            await setup.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var db = new WidgetsDbContext(options);
        (await db.Views.AppliedAsync(first, TestContext.Current.CancellationToken)).Name = "changed";
        await db.Views.AppliedAsync(second, TestContext.Current.CancellationToken);
        db.Views.Add(new WidgetView { Id = Guid.NewGuid(), Name = "staged" });
        await db.Views.AppliedAsync(second, TestContext.Current.CancellationToken); // the staged-row path, again without a scan

        db.ChangeTracker.AutoDetectChangesEnabled = false; // so that reading the state does not detect it either
        Assert.Equal(EntityState.Unchanged, db.Entry(await db.Views.AppliedAsync(first, TestContext.Current.CancellationToken)).State);
        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled is false); // the lookup gives the setting back as it found it
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        await db.SaveChangesAsync(TestContext.Current.CancellationToken); // and SaveChanges still finds the change
        await using var reader = new WidgetsDbContext(options);
        Assert.Equal("changed", (await reader.Views.SingleAsync(v => v.Id == first, TestContext.Current.CancellationToken)).Name);
    }

    /// <summary>
    /// The widgets' views in a context of their own type that tracks nothing unless told to (a context type of its own, so the
    /// lookup compiled for it is compiled here, whatever ran before).
    /// </summary>
    private sealed class UntrackedViews(DbContextOptions<UntrackedViews> options) : DbContext(options)
    {
        public DbSet<WidgetView> Views => Set<WidgetView>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema("widgets");

        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
            optionsBuilder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
    }
}
