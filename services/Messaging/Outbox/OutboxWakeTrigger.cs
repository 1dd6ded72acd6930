using Microsoft.EntityFrameworkCore.Migrations;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// The outbox's wake-up as a trigger: after every statement that inserts into a service's outbox,
/// <c>pg_notify</c> on the channel its dispatcher and sequencer listen on
/// (<see cref="OutboxNotifier.ChannelFor"/>). Being part of the insert, it costs a write no round
/// trip (the notification was a statement of its own after every save until 2026-12-01), and it
/// also wakes them for rows written by raw SQL. Each service's migration creates it for its schema.
/// </summary>
public static class OutboxWakeTrigger
{
    /// <summary>The trigger's name (and its function's), the same in every schema.</summary>
    public const string Name = "outbox_notify";

    public static void Create(MigrationBuilder migrationBuilder, string schema) => migrationBuilder.Sql(CreateSql(schema));

    public static void Drop(MigrationBuilder migrationBuilder, string schema) => migrationBuilder.Sql($"""
        DROP TRIGGER IF EXISTS {Name} ON "{schema}".{MessagingModelBuilderExtensions.OutboxTable};
        DROP FUNCTION IF EXISTS "{schema}".{Name}();
        """);

    /// <summary>The function and trigger for <paramref name="schema"/>'s outbox (also for test schemas made without migrations).</summary>
    public static string CreateSql(string schema) => $"""
        CREATE OR REPLACE FUNCTION "{schema}".{Name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{OutboxNotifier.ChannelFor(schema)}', '');
            RETURN NULL;
        END $$;
        DROP TRIGGER IF EXISTS {Name} ON "{schema}".{MessagingModelBuilderExtensions.OutboxTable};
        CREATE TRIGGER {Name} AFTER INSERT ON "{schema}".{MessagingModelBuilderExtensions.OutboxTable}
            FOR EACH STATEMENT EXECUTE FUNCTION "{schema}".{Name}();
        """;
}
