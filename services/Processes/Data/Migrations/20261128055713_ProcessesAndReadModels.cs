using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Processes.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProcessesAndReadModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                schema: "processes",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Endpoint = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    ResponseBody = table.Column<string>(type: "jsonb", nullable: true),
                    Location = table.Column<string>(type: "text", nullable: true),
                    ETag = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_keys", x => new { x.Key, x.Endpoint });
                });

            migrationBuilder.CreateTable(
                name: "known_director_posts",
                schema: "processes",
                columns: table => new
                {
                    PostId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Holders = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_director_posts", x => x.PostId);
                });

            migrationBuilder.CreateTable(
                name: "known_mandates",
                schema: "processes",
                columns: table => new
                {
                    MandateId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    HolderName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    EndedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_mandates", x => x.MandateId);
                });

            migrationBuilder.CreateTable(
                name: "known_units",
                schema: "processes",
                columns: table => new
                {
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EstablishedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DissolvedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_units", x => x.UnitId);
                });

            migrationBuilder.CreateTable(
                name: "process_revisions",
                schema: "processes",
                columns: table => new
                {
                    ProcessId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Change = table.Column<string>(type: "text", nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "text", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    DecisionBody = table.Column<string>(type: "text", nullable: true),
                    DecisionDate = table.Column<DateOnly>(type: "date", nullable: true),
                    DecisionParagraph = table.Column<string>(type: "text", nullable: true),
                    DecisionCaseNumber = table.Column<string>(type: "text", nullable: true),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Purpose = table.Column<string>(type: "text", nullable: true),
                    Delivers = table.Column<string>(type: "text", nullable: true),
                    OwnerDirectorPostId = table.Column<Guid>(type: "uuid", nullable: false),
                    Owners = table.Column<string>(type: "jsonb", nullable: false),
                    EstablishedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Units = table.Column<string>(type: "jsonb", nullable: false),
                    Actors = table.Column<string>(type: "jsonb", nullable: false),
                    ManagementGroup = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_process_revisions", x => new { x.ProcessId, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "processes",
                schema: "processes",
                columns: table => new
                {
                    ProcessId = table.Column<Guid>(type: "uuid", nullable: false),
                    NameKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, computedColumnSql: "lower(\"Name\")", stored: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Change = table.Column<string>(type: "text", nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "text", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    DecisionBody = table.Column<string>(type: "text", nullable: true),
                    DecisionDate = table.Column<DateOnly>(type: "date", nullable: true),
                    DecisionParagraph = table.Column<string>(type: "text", nullable: true),
                    DecisionCaseNumber = table.Column<string>(type: "text", nullable: true),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Purpose = table.Column<string>(type: "text", nullable: true),
                    Delivers = table.Column<string>(type: "text", nullable: true),
                    OwnerDirectorPostId = table.Column<Guid>(type: "uuid", nullable: false),
                    Owners = table.Column<string>(type: "jsonb", nullable: false),
                    EstablishedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Units = table.Column<string>(type: "jsonb", nullable: false),
                    Actors = table.Column<string>(type: "jsonb", nullable: false),
                    ManagementGroup = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_processes", x => x.ProcessId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_idempotency_keys_CreatedAt",
                schema: "processes",
                table: "idempotency_keys",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_known_mandates_UnitId",
                schema: "processes",
                table: "known_mandates",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_process_revisions_ProcessId_ValidFrom",
                schema: "processes",
                table: "process_revisions",
                columns: new[] { "ProcessId", "ValidFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_processes_ValidFrom",
                schema: "processes",
                table: "processes",
                column: "ValidFrom");

            migrationBuilder.CreateIndex(
                name: "ux_processes_name_not_ended",
                schema: "processes",
                table: "processes",
                column: "NameKey",
                unique: true,
                filter: "\"EndedOn\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "idempotency_keys",
                schema: "processes");

            migrationBuilder.DropTable(
                name: "known_director_posts",
                schema: "processes");

            migrationBuilder.DropTable(
                name: "known_mandates",
                schema: "processes");

            migrationBuilder.DropTable(
                name: "known_units",
                schema: "processes");

            migrationBuilder.DropTable(
                name: "process_revisions",
                schema: "processes");

            migrationBuilder.DropTable(
                name: "processes",
                schema: "processes");
        }
    }
}
