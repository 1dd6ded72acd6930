using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nacka.Contracts;
using Nacka.Messaging.Outbox;
using Nacka.Messaging.Tests.Widgets;
using Nacka.Persistence;
using Nacka.Testing;
using Xunit;

namespace Nacka.Messaging.Tests;

public sealed class OutboxTests(TestInfrastructure infrastructure, ITestOutputHelper output)
{
    private static readonly string RegisteredExchange = EventNaming.For<WidgetRegistered>().Exchange;
    private static readonly string RenamedExchange = EventNaming.For<WidgetRenamed>().Exchange;

    private string NewDatabase() => infrastructure.NewDatabaseConnectionString("widgets");

    [Fact]
    public async Task A_state_change_and_its_event_commit_together_or_not_at_all()
    {
        await using var host = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false);
        await using var subscriber = await PlainSubscriber.BindAsync(infrastructure.MessagingConnectionString, RegisteredExchange);

        // A transaction that fails after saving: the widget and its event are both rolled back.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WidgetsDbContext>();
            await db.InTransactionAsync(async (transaction, ct) =>
            {
                var widget = new Widget { Id = Guid.NewGuid(), Name = "rolled back", Version = 1 };
                db.Widgets.Add(widget);
                db.AddIntegrationEvent(new WidgetRegistered(Guid.NewGuid(), DateTimeOffset.UtcNow, widget.Id, 1, widget.Name));
                await db.SaveChangesAsync(ct);
                await transaction.RollbackAsync(ct);
                return true;
            }, TestContext.Current.CancellationToken);
        }

        var committed = await host.RegisterAsync("committed");

        var delivered = await subscriber.ReceiveAsync(1, TimeSpan.FromSeconds(30));
        Assert.Equal(committed.EventId.ToString(), delivered[0].MessageId);
        Assert.Equal(1, await host.QueryAsync(db => db.Widgets.CountAsync()));
        Assert.Equal(1, await host.QueryAsync(db => db.Set<OutboxMessage>().CountAsync()));
        await Task.Delay(1000);
        Assert.Empty(subscriber.Drain());
    }

    [Fact]
    public async Task One_write_wakes_one_round_of_each_loop_and_sends_three_commands()
    {
        // The poll is ten minutes away: every round below was woken by a notification or a hand-over.
        var database = NewDatabase();
        await using var host = await WidgetsHost.StartAsync(infrastructure, database, withConsumer: false, pollInterval: "00:10:00");
        await using var subscriber = await PlainSubscriber.BindAsync(infrastructure.MessagingConnectionString, RegisteredExchange);
        await host.RegisterAsync("settled");
        await subscriber.ReceiveAsync(1, TimeSpan.FromSeconds(30));
        await Task.Delay(1000); // idle, listening
        using var rounds = new OutboxRounds(host.Services);
        using var commands = DatabaseCommands.To(database);

        await host.RegisterAsync("one write");
        await subscriber.ReceiveAsync(1, TimeSpan.FromSeconds(30));
        await Task.Delay(1500);

        // The write's commit wakes the sequencer, which numbers the row and, the dispatcher waiting, claims it for it in the same
        // batch and hands it over: one round each. Woken both by the write, the dispatcher ran twice (it met the rows while the
        // sequencer held them) and the sequencer woke itself: four rounds.
        Assert.Equal(2, rounds.Count);
        // The write's save, the sequencer's round (lock, number, claim, and a notification only if rows are left: one batch) and
        // the mark with its count of what is left (one batch); besides them only the write's commit. Four, with the claim a
        // statement of the dispatcher's own, committed apart, after the sequencer's notification woke it (until 2026-12-04).
        output.WriteLine($"commands: {commands.Sent}");
        Assert.Equal(3, commands.Sent);
    }

    [Fact]
    public async Task Rows_the_sequencer_claims_read_back_as_entity_framework_reads_them()
    {
        // The sequencer reads its claim's RETURNING * itself (it shares a batch with the numbering); every column must come back as
        // EF maps it, or a handed-over row publishes with a wrong id, trace or time.
        var database = NewDatabase();
        await (await WidgetsHost.StartAsync(infrastructure, database, withConsumer: false)).DisposeAsync();
        var options = new DbContextOptionsBuilder<WidgetsDbContext>().UseNpgsql(database).Options;
        await using (var setup = new WidgetsDbContext(options))
        {
            await setup.Database.ExecuteSqlRawAsync("""
                INSERT INTO widgets.outbox_messages (event_id, type, subject_id, subject_version, payload, occurred_at, recorded_at,
                    trace_parent, trace_state, locked_until, attempts, last_error)
                VALUES (gen_random_uuid(), 'widget-renamed', gen_random_uuid(), 7, '["Åsa", 1]',
                    '2026-11-30 23:59:59.123456+01', '2026-12-01 00:00:00.654321+00', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
                    'nacka=1', now() - interval '1 minute', 2, 'the broker said no')
                """, TestContext.Current.CancellationToken);
        }

        OutboxStore.Sequenced sequenced;
        await using (var sequencer = new WidgetsDbContext(options))
        {
            sequenced = await OutboxStore.SequenceAsync(sequencer, 10, (10, TimeSpan.FromMinutes(5)), TestContext.Current.CancellationToken);
        }

        await using var reader = new WidgetsDbContext(options);
        var stored = await reader.Set<OutboxMessage>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, sequenced.Numbered);
        var claimed = Assert.Single(sequenced.Claimed);
        Assert.NotNull(stored.Position);
        Assert.True(stored.LockedUntil > DateTimeOffset.UtcNow, "The claim leases the row");
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(stored), System.Text.Json.JsonSerializer.Serialize(claimed));
    }

    [Fact]
    public async Task Notifications_that_arrive_together_wake_one_round_of_work_not_one_each()
    {
        await using var host = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false);
        await host.RegisterAsync("settled");
        await Task.Delay(1000); // the dispatcher and the sequencer idle, listening
        using var rounds = new OutboxRounds(host.Services);

        // 200 notifications on the outbox's channel delivered at one commit (distinct payloads, so PostgreSQL keeps each): as after a burst of
        // writes. Taken one per round they would wake 200 rounds of the sequencer, each finding nothing to do.
        await host.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
            "SELECT count(pg_notify('nacka_outbox_widgets', n::text)) FROM generate_series(1, 200) AS n", TestContext.Current.CancellationToken));
        await Task.Delay(1500);

        Assert.InRange(rounds.Count, 1, 10);
    }

    [Fact]
    public async Task Writes_while_the_broker_is_down_succeed_and_every_event_is_applied_once_after_it_returns()
    {
        const int writes = 500;
        await using var host = await WidgetsHost.StartAsync(infrastructure, NewDatabase());

        await infrastructure.StopRabbitMqAsync();
        var written = new List<WidgetRegistered>(writes);
        try
        {
            for (var i = 0; i < writes; i++)
            {
                written.Add(await host.RegisterAsync($"widget {i}"));
            }

            Assert.Equal(writes, await host.UnsentCountAsync());
            await Task.Delay(1500); // past BacklogDegradedAfter (1 s)
            var health = await host.OutboxHealthAsync();
            Assert.Equal(HealthStatus.Degraded, health.Status);
        }
        finally
        {
            await infrastructure.RestartRabbitMqAsync();
        }

        await Eventually.HoldsAsync(
            async () => await host.QueryAsync(db => db.Effects.CountAsync()) >= writes,
            TimeSpan.FromMinutes(3),
            async () => $"{await host.QueryAsync(db => db.Effects.CountAsync())} effects, {await host.UnsentCountAsync()} unsent");

        var effects = await host.QueryAsync(db => db.Effects.Select(e => e.EventId).ToListAsync());
        Assert.Equal(writes, effects.Count);
        Assert.Equal(written.Select(w => w.EventId).Order(), effects.Order());
        Assert.Equal(0, await host.UnsentCountAsync());
        var positions = await host.QueryAsync(db => db.Set<OutboxMessage>().OrderBy(m => m.Position).Select(m => m.Position!.Value).ToListAsync());
        Assert.Equal(Enumerable.Range(1, writes).Select(p => (long)p), positions);
        Assert.Equal(HealthStatus.Healthy, (await host.OutboxHealthAsync()).Status);
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_publish_each_row_once_and_each_entitys_events_in_version_order()
    {
        const int widgets = 20, versions = 10;
        var database = NewDatabase();
        await using var subscriber = await PlainSubscriber.BindAsync(infrastructure.MessagingConnectionString, RegisteredExchange, RenamedExchange);

        // The whole backlog is committed before any dispatcher runs (the wake-up trigger is off while
        // it is written, and the writer's own dispatcher only polls every ten minutes), so the two
        // replicas below race over it from their first pass, in small batches that interleave versions of one widget.
        await using (var writer = await WidgetsHost.StartAsync(infrastructure, database, withConsumer: false, pollInterval: "00:10:00"))
        {
            await Task.Delay(500);
            await writer.WakeTriggerAsync(on: false);
            var rows = new List<Nacka.Contracts.IIntegrationEvent>();
            var ids = Enumerable.Range(0, widgets).Select(_ => Guid.NewGuid()).ToList();
            // One widget's versions next to each other: consecutive batches hold the same widget.
            for (var w = 0; w < widgets; w++)
            {
                rows.AddRange(Enumerable.Range(1, versions).Select(v => v == 1
                    ? (Nacka.Contracts.IIntegrationEvent)new WidgetRegistered(Guid.NewGuid(), DateTimeOffset.UtcNow, ids[w], 1, $"w{w}")
                    : new WidgetRenamed(Guid.NewGuid(), DateTimeOffset.UtcNow, ids[w], v, $"w{w} v{v}")));
            }

            foreach (var row in rows)
            {
                await writer.QueryAsync(db => db.Database.ExecuteSqlAsync($"""
                    INSERT INTO widgets.outbox_messages (event_id, type, subject_id, subject_version, payload, occurred_at, recorded_at, attempts)
                    VALUES ({row.EventId}, {EventNaming.For(row.GetType()).CloudEventType}, {row.SubjectId}, {row.Version},
                            CAST({JsonSerializer.Serialize(row, row.GetType(), ContractJson.Options)} AS json), {row.OccurredAt}, now(), 0)
                    """));
            }

            await writer.WakeTriggerAsync(on: true); // for the replicas' own writes, as in a service
        }

        var replicas = await Task.WhenAll(
            WidgetsHost.StartAsync(infrastructure, database, withConsumer: false, batchSize: 3),
            WidgetsHost.StartAsync(infrastructure, database, withConsumer: false, batchSize: 3));
        await using var replicaA = replicas[0];
        await using var replicaB = replicas[1];
        var ids2 = await replicaA.QueryAsync(db => db.Set<OutboxMessage>().Select(m => m.SubjectId).Distinct().ToListAsync());

        var deliveries = await subscriber.ReceiveAsync(widgets * versions, TimeSpan.FromMinutes(2));
        await Task.Delay(1500);
        deliveries.AddRange(subscriber.Drain());

        Assert.Equal(widgets * versions, deliveries.Count);
        Assert.Equal(widgets * versions, deliveries.Select(d => d.MessageId).Distinct().Count());
        var bodies = deliveries.Select(d => JsonDocument.Parse(d.Body).RootElement).ToList();
        foreach (var id in ids2)
        {
            var order = bodies.Where(b => b.GetProperty("widgetId").GetGuid() == id).Select(b => b.GetProperty("version").GetInt32()).ToList();
            Assert.Equal(Enumerable.Range(1, versions), order);
        }
    }

    [Fact]
    public async Task The_trace_of_the_request_that_wrote_an_event_continues_through_its_publish()
    {
        await using var host = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false);
        await using var subscriber = await PlainSubscriber.BindAsync(infrastructure.MessagingConnectionString, RegisteredExchange);
        using var source = new ActivitySource("Nacka.Messaging.Tests");
        // What OpenTelemetry does in the services: listen to our spans and MassTransit's.
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Nacka.Messaging.Tests" or "Nacka.Messaging" or "MassTransit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        WidgetRegistered registered;
        string traceId;
        using (var request = source.StartActivity("POST /widgets"))
        {
            traceId = request!.TraceId.ToString();
            registered = await host.RegisterAsync("traced");
        }

        var row = await host.QueryAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.EventId == registered.EventId));
        Assert.Contains(traceId, row.TraceParent, StringComparison.Ordinal);
        // MassTransit carries the context in MT-Activity-Id (its consumers continue the trace there);
        // subscribers in other languages find it in the CloudEvents distributed-tracing attribute.
        var delivery = (await subscriber.ReceiveAsync(1, TimeSpan.FromSeconds(30), d => d.MessageId == registered.EventId.ToString()))[0];
        Assert.Contains(traceId, delivery.Header("MT-Activity-Id"), StringComparison.Ordinal);
        Assert.Contains(traceId, delivery.Header("cloudEvents:traceparent"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_commit_wakes_the_dispatcher_through_NOTIFY_without_waiting_for_the_poll()
    {
        // The poll would only come after ten minutes: a prompt delivery can only be the notification.
        var logs = new CapturedLogs();
        await using var host = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false, pollInterval: "00:10:00",
            beforeMessaging: b => b.Logging.AddProvider(logs).AddFilter<CapturedLogs>("Nacka", LogLevel.Debug));
        await using var subscriber = await PlainSubscriber.BindAsync(infrastructure.MessagingConnectionString, RegisteredExchange);
        // The bus connected (a publish before that waits and is retried) and the dispatcher done with its start-up pass, sitting in LISTEN.
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        await Task.Delay(1000);

        var registered = await host.RegisterAsync("notified");

        // Well under the ten-minute poll, with room for a loaded machine.
        var delivered = await Record.ExceptionAsync(() => subscriber.ReceiveAsync(1, TimeSpan.FromSeconds(30), d =>
            d.MessageId == registered.EventId.ToString()));
        Assert.True(delivered is null, $"Not delivered within 30 s; {await host.UnsentCountAsync()} unsent. Host log:\n"
            + string.Join("\n", logs.Entries.Select(e => $"{e.At:HH:mm:ss.fff} {e.Level} {e.Category}: {e.Message}")));
    }

    [Fact]
    public async Task A_row_written_without_a_notification_is_found_by_the_poll()
    {
        await using var host = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false, pollInterval: "00:00:01");
        await using var subscriber = await PlainSubscriber.BindAsync(infrastructure.MessagingConnectionString, RegisteredExchange);
        var lost = new WidgetRegistered(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), 1, "notification lost");

        // The wake-up trigger switched off (this test's own database): as if the NOTIFY had been lost.
        await host.WakeTriggerAsync(on: false);
        await host.QueryAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO widgets.outbox_messages (event_id, type, subject_id, subject_version, payload, occurred_at, recorded_at, attempts)
            VALUES ({lost.EventId}, {EventNaming.For<WidgetRegistered>().CloudEventType}, {lost.WidgetId}, 1,
                    CAST({JsonSerializer.Serialize(lost, ContractJson.Options)} AS json), {lost.OccurredAt}, now(), 0)
            """));

        var delivery = (await subscriber.ReceiveAsync(1, TimeSpan.FromSeconds(15)))[0];
        Assert.Equal(lost.EventId.ToString(), delivery.MessageId);
    }

    [Fact]
    public async Task A_claim_after_an_outage_reads_a_few_pages_not_every_unsent_row_for_every_unsent_row_whatever_the_statistics_say()
    {
        // 2,000 unsent events, two for each of 1,000 widgets: too few new rows for autovacuum to analyze again before the dispatcher's
        // first claims (here it is kept from doing so).
        await using var connection = await BacklogUnderStaleStatisticsAsync(unsent: 2_000);
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using var explain = new Npgsql.NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + OutboxStore.ClaimSql("widgets.outbox_messages"),
            connection, transaction)
        {
            Parameters = { new("lease", TimeSpan.FromMinutes(1)), new("batch", 100) },
        };
        var plan = System.Text.Json.Nodes.JsonNode.Parse((string)(await explain.ExecuteScalarAsync(TestContext.Current.CancellationToken))!)![0]!["Plan"]!;
        await transaction.RollbackAsync(TestContext.Current.CancellationToken);

        // Finding the rows (the update's input; the update itself writes the same in both): about 820 pages. With NOT EXISTS the
        // planner, expecting no unsent rows, compared each unsent row with the others: 4,500 pages here, 47,000 and 0.66 s per claim
        // with 150,000 sent rows.
        var finding = plan["Plans"]![0]!;
        var pages = finding["Shared Hit Blocks"]!.GetValue<long>() + finding["Shared Read Blocks"]!.GetValue<long>();
        Assert.Equal(100, plan["Actual Rows"]!.GetValue<double>());
        Assert.True(pages < 2000, $"The claim read {pages} pages to find 100 rows:\n{plan}");
    }

    [Fact]
    public async Task Marking_a_batch_sent_after_an_outage_locks_its_ids_once_whatever_the_statistics_say()
    {
        // As the bench's drain: 10,000 unsent events, ten for each of 1,000 widgets, and the dispatcher's prepared mark for the first
        // 500 of them in its generic plan (the plan a prepared statement keeps after five runs when it looks cheaper).
        await using var connection = await BacklogUnderStaleStatisticsAsync(unsent: 10_000);
        await using (var prepare = new Npgsql.NpgsqlCommand(
            "SET plan_cache_mode = force_generic_plan; PREPARE mark(bigint[]) AS "
            + OutboxStore.MarkSentSql("widgets.outbox_messages").Replace("@ids", "$1", StringComparison.Ordinal), connection))
        {
            await prepare.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var batch = new List<long>();
        await using (var first = new Npgsql.NpgsqlCommand("SELECT id FROM widgets.outbox_messages WHERE sent_at IS NULL ORDER BY id LIMIT 500", connection))
        await using (var ids = await first.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await ids.ReadAsync(TestContext.Current.CancellationToken))
            {
                batch.Add(ids.GetInt64(0));
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        // A utility statement takes no parameters: the ids go in as an array literal (numbers read from the table above).
        await using var explain = new Npgsql.NpgsqlCommand(
            $"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE mark('{{{string.Join(',', batch)}}}')", connection, transaction);
        var plan = System.Text.Json.Nodes.JsonNode.Parse((string)(await explain.ExecuteScalarAsync(TestContext.Current.CancellationToken))!)![0]!;
        await transaction.RollbackAsync(TestContext.Current.CancellationToken);

        // About 2,900 pages for 500 rows. With "still unsent" tested on the updated table, the generic plan scanned the 10,000 unsent
        // rows and locked the 500 ids again for each: 23 million pages and 6 s per batch in the drain.
        var update = plan["Plan"]!;
        var pages = update["Plans"]!.AsArray().Sum(p => p!["Shared Hit Blocks"]!.GetValue<long>() + p["Shared Read Blocks"]!.GetValue<long>());
        Assert.True(pages < 20_000, $"Marking 500 rows read {pages} pages:\n{plan}");
        Assert.Equal(500, update["Plans"]!.AsArray().Single(p => p!["Parent Relationship"]!.GetValue<string>() == "Outer")!["Actual Rows"]!.GetValue<double>());
    }

    [Fact]
    public async Task One_entitys_queued_events_leave_one_batch_after_another_without_waiting_for_a_wake()
    {
        // Batches of one: every batch is full, so the next claim is made while it is published and finds nothing (the entity's next
        // event waits for this one). The poll is ten minutes away and the writes notify nobody: only claiming again after the mark
        // gets the later events out.
        await using var host = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false, pollInterval: "00:10:00",
            batchSize: 1);
        await using var subscriber = await PlainSubscriber.BindAsync(infrastructure.MessagingConnectionString, RegisteredExchange, RenamedExchange);
        await host.WakeTriggerAsync(on: false);
        var registered = await host.RegisterAsync("Sickla skola");
        for (var i = 1; i <= 4; i++)
        {
            await host.RenameAsync(registered.WidgetId, $"Sickla skola {i}");
        }

        var channel = OutboxNotifier.ChannelFor("widgets");
        await host.QueryAsync(db => db.Database.ExecuteSqlAsync($"SELECT pg_notify({channel}, '')"));

        var deliveries = await subscriber.ReceiveAsync(5, TimeSpan.FromSeconds(20));
        Assert.Equal([1, 2, 3, 4, 5], deliveries.Select(d => System.Text.Json.JsonDocument.Parse(d.Body).RootElement.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task A_wake_tells_a_loop_that_waited_from_one_whose_notification_came_while_it_worked()
    {
        // The loop works at once when a notification woke it from waiting, and waits a moment to take more along only when one had
        // come while it worked (OutboxWakeLoop): this is how it tells the two apart.
        var database = NewDatabase();
        await (await WidgetsHost.StartAsync(infrastructure, database, withConsumer: false)).DisposeAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await ListeningAsync(database, ct);
        await using var other = new Npgsql.NpgsqlConnection(database);
        await other.OpenAsync(ct);
        await using var notify = new Npgsql.NpgsqlCommand("NOTIFY wake_test", other);
        await using var waiting = new NotificationWakes(connection, TimeProvider.System, ct);

        await notify.ExecuteNonQueryAsync(ct);
        await Task.Delay(1000, ct); // delivered meanwhile, as while a round works
        Assert.Equal(Woken.AlreadyNotified, await waiting.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Equal(Woken.TimedOut, await waiting.WaitAsync(TimeSpan.FromMilliseconds(20), ct));

        var wait = waiting.WaitAsync(TimeSpan.FromSeconds(10), ct);
        await notify.ExecuteNonQueryAsync(ct);
        Assert.Equal(Woken.Notified, await wait);
    }

    [Fact]
    public async Task A_wait_for_a_wake_that_times_out_throws_nothing_where_Npgsqls_own_timed_wait_does()
    {
        var database = NewDatabase();
        await (await WidgetsHost.StartAsync(infrastructure, database, withConsumer: false)).DisposeAsync();
        var ct = TestContext.Current.CancellationToken;

        // Npgsql's timed wait, which the loops used until 2026-12-03: each timeout throws inside it (this is what the test can see).
        var npgsql = await ExceptionsThrownWhileAsync(async connection =>
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.False(await connection.WaitAsync(TimeSpan.FromMilliseconds(20), ct));
            }
        });
        Assert.True(npgsql >= 10, $"Npgsql's timed wait threw {npgsql} exceptions in 10 timeouts: the test cannot tell the two apart");

        var wakes = await ExceptionsThrownWhileAsync(async connection =>
        {
            await using var waiting = new NotificationWakes(connection, TimeProvider.System, ct);
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(Woken.TimedOut, await waiting.WaitAsync(TimeSpan.FromMilliseconds(20), ct));
            }

            await using (var other = new Npgsql.NpgsqlConnection(database))
            {
                await other.OpenAsync(ct);
                await using var notify = new Npgsql.NpgsqlCommand("NOTIFY wake_test", other);
                await notify.ExecuteNonQueryAsync(ct);
            }

            // Sent before the wait: it may have arrived already (AlreadyNotified) or arrive during it (Notified); either is one wake.
            Assert.Contains(await waiting.WaitAsync(TimeSpan.FromSeconds(10), ct), new[] { Woken.Notified, Woken.AlreadyNotified });
            Assert.False(waiting.TakeMark());
            Interlocked.Exchange(ref _counting, 0); // disposing cancels the listening wait: that exception is not a timeout's
        });
        Assert.Equal(0, wakes);

        async Task<int> ExceptionsThrownWhileAsync(Func<Npgsql.NpgsqlConnection, Task> waits)
        {
            await using var connection = await ListeningAsync(database, ct);
            var thrown = 0;
            // Only exceptions on this test's own flow (and the tasks it starts): other tests run in the same process meanwhile.
            var ours = new AsyncLocal<bool> { Value = true };
            EventHandler<System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs> count = (_, _) =>
            {
                if (ours.Value && Volatile.Read(ref _counting) == 1)
                {
                    Interlocked.Increment(ref thrown);
                }
            };
            Interlocked.Exchange(ref _counting, 1);
            AppDomain.CurrentDomain.FirstChanceException += count;
            try
            {
                await waits(connection);
            }
            finally
            {
                Interlocked.Exchange(ref _counting, 0);
                AppDomain.CurrentDomain.FirstChanceException -= count;
            }

            return thrown;
        }
    }

    private int _counting;

    /// <summary>A connection of its own listening on <c>wake_test</c>, as a loop's is on its channel.</summary>
    private static async Task<Npgsql.NpgsqlConnection> ListeningAsync(string database, CancellationToken ct)
    {
        var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await using var listen = new Npgsql.NpgsqlCommand("LISTEN wake_test", connection);
        await listen.ExecuteNonQueryAsync(ct);
        return connection;
    }

    [Fact]
    public async Task A_loop_woken_from_waiting_works_at_once_and_one_notified_while_it_worked_waits_a_moment_to_take_more_along()
    {
        // The loop's rule (OutboxWakeLoop), seen on a clock that stands still until the test moves it: a loop that always waited the
        // moment would never run the second round below; one that never waited would run the third without the clock moving.
        await using var host = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false);
        var ct = TestContext.Current.CancellationToken;
        var clock = new WaitsSeenClock();
        var rounds = System.Threading.Channels.Channel.CreateUnbounded<int>();
        var round = 0;
        NotificationWakes? wakes = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loop = OutboxWakeLoop.RunAsync<WidgetsDbContext>(host.Services.GetRequiredService<IServiceScopeFactory>(), _ => "wake_loop_test",
            TimeSpan.FromMinutes(10), clock, _ =>
            {
                if (++round == 2)
                {
                    wakes!.Wake(); // notified while this round works
                }

                rounds.Writer.TryWrite(round);
                return Task.FromResult(false);
            }, host.Services.GetRequiredService<Telemetry.MessagingTelemetry>(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            "Test loop", stop.Token, listening => wakes = listening);

        Assert.Equal(1, await NextRoundAsync());
        await clock.WaitedAsync(TimeSpan.FromMinutes(10), ct); // the loop waits for a notification or its poll
        wakes!.Wake();
        Assert.Equal(2, await NextRoundAsync());
        await clock.WaitedAsync(TimeSpan.FromMilliseconds(1), ct); // notified while it worked: it waits its moment on the clock
        Assert.False(rounds.Reader.TryRead(out _), "the loop notified while it worked ran again without waiting its moment");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, await NextRoundAsync());

        await stop.CancelAsync();
        await loop;

        async Task<int> NextRoundAsync() => await rounds.Reader.ReadAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct);
    }

    /// <summary>A clock that stands still and tells which waits were begun on it, so a test knows the loop waits instead of guessing
    /// how long it takes to get there.</summary>
    private sealed class WaitsSeenClock : Microsoft.Extensions.Time.Testing.FakeTimeProvider
    {
        private readonly global::System.Threading.Channels.Channel<TimeSpan> _waits = global::System.Threading.Channels.Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _waits.Writer.TryWrite(dueTime);
            return timer;
        }

        /// <summary>Returns once a wait of <paramref name="length"/> has begun; fails after ten seconds without one.</summary>
        public async Task WaitedAsync(TimeSpan length, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                while (await _waits.Reader.ReadAsync(timeout.Token) != length)
                {
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"the loop began no wait of {length}");
            }
        }
    }

    [Fact]
    public async Task Retention_deletes_the_feeds_oldest_run_of_expired_rows_and_keeps_the_newest()
    {
        var database = NewDatabase();
        await (await WidgetsHost.StartAsync(infrastructure, database, withConsumer: false)).DisposeAsync();
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        // Positions 1-8, sent this many days ago (null: unsent). Retention 90 days: 1-3 go; 4 (sent yesterday) holds 5 and 6, which
        // are past it; after them 7 is unsent and 8 is the newest.
        int?[] sentDaysAgo = [200, 150, 91, 1, 120, 100, null, 300];
        Assert.Equal([4, 5, 6, 7, 8], await RetainAsync(sentDaysAgo));
        // Everything past retention: all but the newest go, so positions continue from it.
        Assert.Equal([5], await RetainAsync([400, 300, 200, 100, 95]));
        // Nothing past retention, and an empty outbox: nothing goes.
        Assert.Equal([1, 2], await RetainAsync([10, 5]));
        Assert.Empty(await RetainAsync([]));

        async Task<List<long>> RetainAsync(int?[] rows)
        {
            await using (var fill = new Npgsql.NpgsqlCommand("""
                TRUNCATE widgets.outbox_messages;
                INSERT INTO widgets.outbox_messages (event_id, type, subject_id, subject_version, payload, occurred_at, sent_at, position, attempts)
                SELECT gen_random_uuid(), 'widget-renamed', gen_random_uuid(), 1, '{}', now(), now() - make_interval(days => d), p, 1
                FROM unnest(@days::int[]) WITH ORDINALITY AS r(d, p);
                """, connection) { Parameters = { new("days", rows) } })
            {
                await fill.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            await using var delete = new Npgsql.NpgsqlCommand(OutboxStore.DeleteExpiredSql("widgets.outbox_messages"), connection)
            {
                Parameters = { new("retention", TimeSpan.FromDays(90)) },
            };
            await delete.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            await using var left = new Npgsql.NpgsqlCommand("SELECT position FROM widgets.outbox_messages ORDER BY position", connection);
            await using var reader = await left.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            var positions = new List<long>();
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                positions.Add(reader.GetInt64(0));
            }

            return positions;
        }
    }

    [Fact]
    public async Task Retention_reads_as_far_as_it_deletes_not_the_whole_outbox()
    {
        // 20,000 sent rows of about a kilobyte (3,000 pages), the oldest 100 past retention.
        var database = NewDatabase();
        await (await WidgetsHost.StartAsync(infrastructure, database, withConsumer: false)).DisposeAsync();
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using (var fill = new Npgsql.NpgsqlCommand("""
            INSERT INTO widgets.outbox_messages (event_id, type, subject_id, subject_version, payload, occurred_at, sent_at, position, attempts)
            SELECT gen_random_uuid(), 'widget-renamed', gen_random_uuid(), 1, to_json(repeat('x', 1000)), now(),
                   now() - CASE WHEN i <= 100 THEN interval '100 days' ELSE interval '1 day' END, i, 1
            FROM generate_series(1, 20000) i;
            ANALYZE widgets.outbox_messages;
            """, connection))
        {
            await fill.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using var explain = new Npgsql.NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "
            + OutboxStore.DeleteExpiredSql("widgets.outbox_messages"), connection, transaction)
        {
            Parameters = { new("retention", TimeSpan.FromDays(90)) },
        };
        var plan = System.Text.Json.Nodes.JsonNode.Parse((string)(await explain.ExecuteScalarAsync(TestContext.Current.CancellationToken))!)![0]!["Plan"]!;
        await transaction.RollbackAsync(TestContext.Current.CancellationToken);

        var pages = plan["Shared Hit Blocks"]!.GetValue<long>() + plan["Shared Read Blocks"]!.GetValue<long>();
        Assert.Equal(100, plan["Plans"]!.AsArray().Single(p => p!["Parent Relationship"]!.GetValue<string>() == "Outer")!["Actual Rows"]!.GetValue<double>());
        Assert.True(pages < 1_000, $"Deleting 100 rows read {pages} pages:\n{plan}");
    }

    /// <summary>
    /// A fresh outbox whose statistics were gathered while all of its 20,000 rows were sent (as before an outage), then
    /// <paramref name="unsent"/> unsent events over 1,000 widgets with autovacuum kept from analyzing again; an open connection to it.
    /// </summary>
    private async Task<Npgsql.NpgsqlConnection> BacklogUnderStaleStatisticsAsync(int unsent)
    {
        var database = NewDatabase();
        await (await WidgetsHost.StartAsync(infrastructure, database, withConsumer: false)).DisposeAsync();
        var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var backlog = new Npgsql.NpgsqlCommand("""
            INSERT INTO widgets.outbox_messages (event_id, type, subject_id, subject_version, payload, occurred_at, sent_at, position, attempts)
            SELECT gen_random_uuid(), 'widget-renamed', md5('w' || (i % 5000))::uuid, 1, '{}', now(), now(), i, 1 FROM generate_series(1, 20000) i;
            ANALYZE widgets.outbox_messages;
            ALTER TABLE widgets.outbox_messages SET (autovacuum_enabled = false);
            INSERT INTO widgets.outbox_messages (event_id, type, subject_id, subject_version, payload, occurred_at, position, attempts)
            SELECT gen_random_uuid(), 'widget-renamed', md5('w' || (i % 1000))::uuid, 2, '{}', now(), 20000 + i, 0 FROM generate_series(1, @unsent) i;
            """, connection)
        {
            Parameters = { new("unsent", unsent) },
        };
        await backlog.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return connection;
    }
}

/// <summary>Counts the rounds the outbox loops of one host run (<c>nacka.outbox.rounds</c>), whatever woke them.</summary>
internal sealed class OutboxRounds : IDisposable
{
    private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
    private long _rounds;

    public OutboxRounds(IServiceProvider host)
    {
        var meters = host.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "nacka.outbox.rounds" && instrument.Meter.Scope == meters)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _rounds, value));
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _rounds);

    public void Dispose() => _listener.Dispose();
}
