using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Nacka.Units.Data.Migrations
{
    /// <inheritdoc />
    public partial class UnitsAndDirectors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "director_revisions",
                schema: "units",
                columns: table => new
                {
                    Version = table.Column<int>(type: "integer", nullable: false),
                    PostId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Holders = table.Column<string>(type: "jsonb", nullable: false),
                    Change = table.Column<string>(type: "text", nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "text", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    DecisionBody = table.Column<string>(type: "text", nullable: true),
                    DecisionDate = table.Column<DateOnly>(type: "date", nullable: true),
                    DecisionParagraph = table.Column<string>(type: "text", nullable: true),
                    DecisionCaseNumber = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_director_revisions", x => new { x.PostId, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "unit_kinds",
                schema: "units",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unit_kinds", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "unit_revisions",
                schema: "units",
                columns: table => new
                {
                    Version = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
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
                    SuccessorIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    Change = table.Column<string>(type: "text", nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "text", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    DecisionBody = table.Column<string>(type: "text", nullable: true),
                    DecisionDate = table.Column<DateOnly>(type: "date", nullable: true),
                    DecisionParagraph = table.Column<string>(type: "text", nullable: true),
                    DecisionCaseNumber = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unit_revisions", x => new { x.UnitId, x.Version });
                });

            migrationBuilder.InsertData(
                schema: "units",
                table: "unit_kinds",
                columns: new[] { "Code", "Name" },
                values: new object[,]
                {
                    { "aldreomsorg", "Äldreomsorg" },
                    { "forskola", "Förskola" },
                    { "grundskola", "Grundskola" },
                    { "gymnasieskola", "Gymnasieskola" },
                    { "kultur-fritid", "Kultur och fritid" },
                    { "myndighet", "Myndighetsutövning" },
                    { "stod", "Stöd" },
                    { "teknisk-verksamhet", "Teknisk verksamhet" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_unit_revisions_DirectorPostId",
                schema: "units",
                table: "unit_revisions",
                column: "DirectorPostId");

            migrationBuilder.CreateIndex(
                name: "IX_unit_revisions_UnitId_ValidFrom",
                schema: "units",
                table: "unit_revisions",
                columns: new[] { "UnitId", "ValidFrom" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "director_revisions",
                schema: "units");

            migrationBuilder.DropTable(
                name: "unit_kinds",
                schema: "units");

            migrationBuilder.DropTable(
                name: "unit_revisions",
                schema: "units");
        }
    }
}
