using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Processes.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxFeedSequencer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_unsent",
                schema: "processes",
                table: "outbox_messages");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "locked_until",
                schema: "processes",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_unsequenced",
                schema: "processes",
                table: "outbox_messages",
                column: "id",
                filter: "position IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_unsequenced",
                schema: "processes",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "locked_until",
                schema: "processes",
                table: "outbox_messages");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_unsent",
                schema: "processes",
                table: "outbox_messages",
                column: "id",
                filter: "sent_at IS NULL");
        }
    }
}
