using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Committees.Data.Migrations
{
    /// <summary>
    /// The outbox without the indexes no statement reads (<c>event_id</c>, <c>sent_at</c>), and the feed's two indexes without the
    /// rows not yet numbered: fewer index entries each time an event's row is written (see docs/benchmarks.md, fifteenth session).
    /// </summary>
    public partial class OutboxFewerIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_event_id",
                schema: "committees",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_position",
                schema: "committees",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "ix_outbox_sent_at",
                schema: "committees",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "ix_outbox_subject_position",
                schema: "committees",
                table: "outbox_messages");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_position",
                schema: "committees",
                table: "outbox_messages",
                column: "position",
                unique: true,
                filter: "position IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_subject_position",
                schema: "committees",
                table: "outbox_messages",
                columns: new[] { "subject_id", "position" },
                filter: "position IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_position",
                schema: "committees",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "ix_outbox_subject_position",
                schema: "committees",
                table: "outbox_messages");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_event_id",
                schema: "committees",
                table: "outbox_messages",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_position",
                schema: "committees",
                table: "outbox_messages",
                column: "position",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_sent_at",
                schema: "committees",
                table: "outbox_messages",
                column: "sent_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_subject_position",
                schema: "committees",
                table: "outbox_messages",
                columns: new[] { "subject_id", "position" });
        }
    }
}
