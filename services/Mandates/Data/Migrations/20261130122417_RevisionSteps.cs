using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Mandates.Data.Migrations
{
    /// <inheritdoc />
    public partial class RevisionSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_mandate_revisions",
                schema: "mandates",
                table: "mandate_revisions");

            migrationBuilder.AddColumn<int>(
                name: "Step",
                schema: "mandates",
                table: "mandates",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Step",
                schema: "mandates",
                table: "mandate_revisions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddPrimaryKey(
                name: "PK_mandate_revisions",
                schema: "mandates",
                table: "mandate_revisions",
                columns: new[] { "MandateId", "Version", "Step" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_mandate_revisions",
                schema: "mandates",
                table: "mandate_revisions");

            migrationBuilder.DropColumn(
                name: "Step",
                schema: "mandates",
                table: "mandates");

            migrationBuilder.DropColumn(
                name: "Step",
                schema: "mandates",
                table: "mandate_revisions");

            migrationBuilder.AddPrimaryKey(
                name: "PK_mandate_revisions",
                schema: "mandates",
                table: "mandate_revisions",
                columns: new[] { "MandateId", "Version" });
        }
    }
}
