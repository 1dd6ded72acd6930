using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Units.Data.Migrations
{
    /// <inheritdoc />
    public partial class UnitManagerRecordingTimes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EndedRecordedAt",
                schema: "units",
                table: "unit_managers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "GrantedRecordedAt",
                schema: "units",
                table: "unit_managers",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EndedRecordedAt",
                schema: "units",
                table: "unit_managers");

            migrationBuilder.DropColumn(
                name: "GrantedRecordedAt",
                schema: "units",
                table: "unit_managers");
        }
    }
}
