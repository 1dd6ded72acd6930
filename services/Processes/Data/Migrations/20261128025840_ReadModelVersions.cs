using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Processes.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReadModelVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "read_model_versions",
                schema: "processes",
                columns: table => new
                {
                    source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    entity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_read_model_versions", x => new { x.source, x.entity_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_subject_position",
                schema: "processes",
                table: "outbox_messages",
                columns: new[] { "subject_id", "position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "read_model_versions",
                schema: "processes");

            migrationBuilder.DropIndex(
                name: "ix_outbox_subject_position",
                schema: "processes",
                table: "outbox_messages");
        }
    }
}
