using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Processes.Data.Migrations
{
    /// <inheritdoc />
    public partial class RevisionSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_process_revisions",
                schema: "processes",
                table: "process_revisions");

            migrationBuilder.AddColumn<int>(
                name: "Step",
                schema: "processes",
                table: "processes",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Step",
                schema: "processes",
                table: "process_revisions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddPrimaryKey(
                name: "PK_process_revisions",
                schema: "processes",
                table: "process_revisions",
                columns: new[] { "ProcessId", "Version", "Step" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_process_revisions",
                schema: "processes",
                table: "process_revisions");

            migrationBuilder.DropColumn(
                name: "Step",
                schema: "processes",
                table: "processes");

            migrationBuilder.DropColumn(
                name: "Step",
                schema: "processes",
                table: "process_revisions");

            migrationBuilder.AddPrimaryKey(
                name: "PK_process_revisions",
                schema: "processes",
                table: "process_revisions",
                columns: new[] { "ProcessId", "Version" });
        }
    }
}
