using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Mandates.Data.Migrations
{
    /// <inheritdoc />
    public partial class MandatesAndReadModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                schema: "mandates",
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
                name: "known_committees",
                schema: "mandates",
                columns: table => new
                {
                    CommitteeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IsExecutiveBoard = table.Column<bool>(type: "boolean", nullable: false),
                    EstablishedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DissolvedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_committees", x => x.CommitteeId);
                });

            migrationBuilder.CreateTable(
                name: "known_units",
                schema: "mandates",
                columns: table => new
                {
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ManagerTitle = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    EstablishedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DissolvedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_units", x => x.UnitId);
                });

            migrationBuilder.CreateTable(
                name: "mandate_revisions",
                schema: "mandates",
                columns: table => new
                {
                    MandateId = table.Column<Guid>(type: "uuid", nullable: false),
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
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    HolderName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EmployeeId = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Title = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Scope = table.Column<List<string>>(type: "text[]", nullable: false),
                    DecidedByCommitteeId = table.Column<Guid>(type: "uuid", nullable: false),
                    DecidedByName = table.Column<string>(type: "text", nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DecisionParagraphRef = table.Column<string>(type: "text", nullable: true),
                    DecisionCaseNumberRef = table.Column<string>(type: "text", nullable: true),
                    MandateFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    MandateTo = table.Column<DateOnly>(type: "date", nullable: true),
                    EndedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    EndReason = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    SuccessorId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mandate_revisions", x => new { x.MandateId, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "mandates",
                schema: "mandates",
                columns: table => new
                {
                    MandateId = table.Column<Guid>(type: "uuid", nullable: false),
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
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    HolderName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EmployeeId = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Title = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Scope = table.Column<List<string>>(type: "text[]", nullable: false),
                    DecidedByCommitteeId = table.Column<Guid>(type: "uuid", nullable: false),
                    DecidedByName = table.Column<string>(type: "text", nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DecisionParagraphRef = table.Column<string>(type: "text", nullable: true),
                    DecisionCaseNumberRef = table.Column<string>(type: "text", nullable: true),
                    MandateFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    MandateTo = table.Column<DateOnly>(type: "date", nullable: true),
                    EndedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    EndReason = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    SuccessorId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mandates", x => x.MandateId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_idempotency_keys_CreatedAt",
                schema: "mandates",
                table: "idempotency_keys",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_mandate_revisions_MandateId_ValidFrom",
                schema: "mandates",
                table: "mandate_revisions",
                columns: new[] { "MandateId", "ValidFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_mandates_HolderName",
                schema: "mandates",
                table: "mandates",
                column: "HolderName");

            migrationBuilder.CreateIndex(
                name: "IX_mandates_MandateTo",
                schema: "mandates",
                table: "mandates",
                column: "MandateTo",
                filter: "\"EndedOn\" IS NULL AND \"MandateTo\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_mandates_UnitId_MandateFrom",
                schema: "mandates",
                table: "mandates",
                columns: new[] { "UnitId", "MandateFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_mandates_ValidFrom",
                schema: "mandates",
                table: "mandates",
                column: "ValidFrom");

            migrationBuilder.CreateIndex(
                name: "ux_mandates_one_open_per_unit",
                schema: "mandates",
                table: "mandates",
                column: "UnitId",
                unique: true,
                filter: "\"EndedOn\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "idempotency_keys",
                schema: "mandates");

            migrationBuilder.DropTable(
                name: "known_committees",
                schema: "mandates");

            migrationBuilder.DropTable(
                name: "known_units",
                schema: "mandates");

            migrationBuilder.DropTable(
                name: "mandate_revisions",
                schema: "mandates");

            migrationBuilder.DropTable(
                name: "mandates",
                schema: "mandates");
        }
    }
}
