using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Units.Data.Migrations
{
    /// <inheritdoc />
    public partial class CurrentStateTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_unit_revisions_DirectorPostId",
                schema: "units",
                table: "unit_revisions");

            migrationBuilder.DropPrimaryKey(
                name: "PK_unit_kinds",
                schema: "units",
                table: "unit_kinds");

            migrationBuilder.AddPrimaryKey(
                name: "pk_unit_kinds",
                schema: "units",
                table: "unit_kinds",
                column: "Code");

            migrationBuilder.CreateTable(
                name: "director_posts",
                schema: "units",
                columns: table => new
                {
                    PostId = table.Column<Guid>(type: "uuid", nullable: false),
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
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Holders = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_director_posts", x => x.PostId);
                });

            migrationBuilder.CreateTable(
                name: "unit_identifiers",
                schema: "units",
                columns: table => new
                {
                    Scheme = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Value = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_identifiers", x => new { x.Scheme, x.Value });
                });

            migrationBuilder.CreateTable(
                name: "units",
                schema: "units",
                columns: table => new
                {
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
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
                    EnglishName = table.Column<string>(type: "text", nullable: true),
                    ShortName = table.Column<string>(type: "text", nullable: true),
                    Kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ManagerTitle = table.Column<string>(type: "text", nullable: false),
                    DirectorPostId = table.Column<Guid>(type: "uuid", nullable: false),
                    EstablishedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DissolvedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Identifiers = table.Column<string>(type: "jsonb", nullable: false),
                    VisitingAddress = table.Column<string>(type: "jsonb", nullable: true),
                    Contact = table.Column<string>(type: "jsonb", nullable: true),
                    PredecessorIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    SuccessorIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_units", x => x.UnitId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_director_revisions_PostId_ValidFrom",
                schema: "units",
                table: "director_revisions",
                columns: new[] { "PostId", "ValidFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_director_posts_ValidFrom",
                schema: "units",
                table: "director_posts",
                column: "ValidFrom");

            migrationBuilder.CreateIndex(
                name: "IX_unit_identifiers_UnitId",
                schema: "units",
                table: "unit_identifiers",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_units_DirectorPostId",
                schema: "units",
                table: "units",
                column: "DirectorPostId");

            migrationBuilder.CreateIndex(
                name: "IX_units_Kind_Name",
                schema: "units",
                table: "units",
                columns: new[] { "Kind", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_units_ValidFrom",
                schema: "units",
                table: "units",
                column: "ValidFrom");

            migrationBuilder.CreateIndex(
                name: "ux_units_name_not_dissolved",
                schema: "units",
                table: "units",
                column: "NameKey",
                unique: true,
                filter: "\"DissolvedOn\" IS NULL");

            // Existing records: each entity's latest revision becomes its current row, and the
            // identifiers of units not dissolved become claims.
            migrationBuilder.Sql("""
                INSERT INTO units.units ("UnitId", "Version", "Change", "ValidFrom", "RecordedAt", "RecordedBy", "Reason", "DecisionBody", "DecisionDate", "DecisionParagraph", "DecisionCaseNumber", "Name", "EnglishName", "ShortName", "Kind", "ManagerTitle", "DirectorPostId", "EstablishedOn", "DissolvedOn", "Identifiers", "VisitingAddress", "Contact", "PredecessorIds", "SuccessorIds")
                SELECT DISTINCT ON ("UnitId") "UnitId", "Version", "Change", "ValidFrom", "RecordedAt", "RecordedBy", "Reason", "DecisionBody", "DecisionDate", "DecisionParagraph", "DecisionCaseNumber", "Name", "EnglishName", "ShortName", "Kind", "ManagerTitle", "DirectorPostId", "EstablishedOn", "DissolvedOn", "Identifiers", "VisitingAddress", "Contact", "PredecessorIds", "SuccessorIds" FROM units.unit_revisions ORDER BY "UnitId", "Version" DESC;
                INSERT INTO units.director_posts ("PostId", "Version", "Change", "ValidFrom", "RecordedAt", "RecordedBy", "Reason", "DecisionBody", "DecisionDate", "DecisionParagraph", "DecisionCaseNumber", "Title", "CreatedOn", "EndedOn", "Holders")
                SELECT DISTINCT ON ("PostId") "PostId", "Version", "Change", "ValidFrom", "RecordedAt", "RecordedBy", "Reason", "DecisionBody", "DecisionDate", "DecisionParagraph", "DecisionCaseNumber", "Title", "CreatedOn", "EndedOn", "Holders" FROM units.director_revisions ORDER BY "PostId", "Version" DESC;
                INSERT INTO units.unit_identifiers ("Scheme", "Value", "UnitId")
                SELECT i->>'scheme', i->>'value', u."UnitId" FROM units.units u, jsonb_array_elements(u."Identifiers") i WHERE u."DissolvedOn" IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "director_posts",
                schema: "units");

            migrationBuilder.DropTable(
                name: "unit_identifiers",
                schema: "units");

            migrationBuilder.DropTable(
                name: "units",
                schema: "units");

            migrationBuilder.DropPrimaryKey(
                name: "pk_unit_kinds",
                schema: "units",
                table: "unit_kinds");

            migrationBuilder.DropIndex(
                name: "IX_director_revisions_PostId_ValidFrom",
                schema: "units",
                table: "director_revisions");

            migrationBuilder.AddPrimaryKey(
                name: "PK_unit_kinds",
                schema: "units",
                table: "unit_kinds",
                column: "Code");

            migrationBuilder.CreateIndex(
                name: "IX_unit_revisions_DirectorPostId",
                schema: "units",
                table: "unit_revisions",
                column: "DirectorPostId");
        }
    }
}
