using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Committees.Data.Migrations
{
    /// <inheritdoc />
    public partial class CommitteesAndAssignments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "assignment_revisions",
                schema: "committees",
                columns: table => new
                {
                    AssignmentId = table.Column<Guid>(type: "uuid", nullable: false),
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
                    CommitteeId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    PeriodFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodTo = table.Column<DateOnly>(type: "date", nullable: true),
                    AssignmentDecision = table.Column<string>(type: "jsonb", nullable: true),
                    ResponsibleDirectorPostId = table.Column<Guid>(type: "uuid", nullable: false),
                    BriefedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    BriefingNote = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedReason = table.Column<string>(type: "text", nullable: true),
                    SuccessorUnitIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    ContinuesAssignmentId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assignment_revisions", x => new { x.AssignmentId, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "assignments",
                schema: "committees",
                columns: table => new
                {
                    AssignmentId = table.Column<Guid>(type: "uuid", nullable: false),
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
                    CommitteeId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    PeriodFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodTo = table.Column<DateOnly>(type: "date", nullable: true),
                    AssignmentDecision = table.Column<string>(type: "jsonb", nullable: true),
                    ResponsibleDirectorPostId = table.Column<Guid>(type: "uuid", nullable: false),
                    BriefedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    BriefingNote = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedReason = table.Column<string>(type: "text", nullable: true),
                    SuccessorUnitIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    ContinuesAssignmentId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assignments", x => x.AssignmentId);
                });

            migrationBuilder.CreateTable(
                name: "committee_revisions",
                schema: "committees",
                columns: table => new
                {
                    CommitteeId = table.Column<Guid>(type: "uuid", nullable: false),
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
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Area = table.Column<string>(type: "text", nullable: true),
                    Links = table.Column<string>(type: "jsonb", nullable: false),
                    EstablishedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DissolvedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_committee_revisions", x => new { x.CommitteeId, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "committees",
                schema: "committees",
                columns: table => new
                {
                    CommitteeId = table.Column<Guid>(type: "uuid", nullable: false),
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
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Area = table.Column<string>(type: "text", nullable: true),
                    Links = table.Column<string>(type: "jsonb", nullable: false),
                    EstablishedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DissolvedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_committees", x => x.CommitteeId);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                schema: "committees",
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
                schema: "committees",
                columns: table => new
                {
                    PostId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    HolderName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_director_posts", x => x.PostId);
                });

            migrationBuilder.CreateTable(
                name: "known_units",
                schema: "committees",
                columns: table => new
                {
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EstablishedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DissolvedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    SuccessorIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    ReportingLine = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_units", x => x.UnitId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_assignment_revisions_AssignmentId_ValidFrom",
                schema: "committees",
                table: "assignment_revisions",
                columns: new[] { "AssignmentId", "ValidFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_assignments_CommitteeId_Status",
                schema: "committees",
                table: "assignments",
                columns: new[] { "CommitteeId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_assignments_ResponsibleDirectorPostId",
                schema: "committees",
                table: "assignments",
                column: "ResponsibleDirectorPostId");

            migrationBuilder.CreateIndex(
                name: "IX_assignments_UnitId_Status",
                schema: "committees",
                table: "assignments",
                columns: new[] { "UnitId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_assignments_ValidFrom",
                schema: "committees",
                table: "assignments",
                column: "ValidFrom");

            migrationBuilder.CreateIndex(
                name: "ux_assignments_continues",
                schema: "committees",
                table: "assignments",
                column: "ContinuesAssignmentId",
                unique: true,
                filter: "\"ContinuesAssignmentId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_committee_revisions_CommitteeId_ValidFrom",
                schema: "committees",
                table: "committee_revisions",
                columns: new[] { "CommitteeId", "ValidFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_committees_ValidFrom",
                schema: "committees",
                table: "committees",
                column: "ValidFrom");

            migrationBuilder.CreateIndex(
                name: "ux_committees_name_not_dissolved",
                schema: "committees",
                table: "committees",
                column: "NameKey",
                unique: true,
                filter: "\"DissolvedOn\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "ux_committees_one_executive_board",
                schema: "committees",
                table: "committees",
                column: "Kind",
                unique: true,
                filter: "\"Kind\" = 'ExecutiveBoard' AND \"DissolvedOn\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_idempotency_keys_CreatedAt",
                schema: "committees",
                table: "idempotency_keys",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assignment_revisions",
                schema: "committees");

            migrationBuilder.DropTable(
                name: "assignments",
                schema: "committees");

            migrationBuilder.DropTable(
                name: "committee_revisions",
                schema: "committees");

            migrationBuilder.DropTable(
                name: "committees",
                schema: "committees");

            migrationBuilder.DropTable(
                name: "idempotency_keys",
                schema: "committees");

            migrationBuilder.DropTable(
                name: "known_director_posts",
                schema: "committees");

            migrationBuilder.DropTable(
                name: "known_units",
                schema: "committees");
        }
    }
}
