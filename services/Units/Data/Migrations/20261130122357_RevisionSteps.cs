using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Units.Data.Migrations
{
    /// <inheritdoc />
    public partial class RevisionSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_unit_revisions",
                schema: "units",
                table: "unit_revisions");

            migrationBuilder.DropPrimaryKey(
                name: "PK_director_revisions",
                schema: "units",
                table: "director_revisions");

            migrationBuilder.AddColumn<int>(
                name: "Step",
                schema: "units",
                table: "units",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Step",
                schema: "units",
                table: "unit_revisions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Step",
                schema: "units",
                table: "director_revisions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Step",
                schema: "units",
                table: "director_posts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddPrimaryKey(
                name: "PK_unit_revisions",
                schema: "units",
                table: "unit_revisions",
                columns: new[] { "UnitId", "Version", "Step" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_director_revisions",
                schema: "units",
                table: "director_revisions",
                columns: new[] { "PostId", "Version", "Step" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_unit_revisions",
                schema: "units",
                table: "unit_revisions");

            migrationBuilder.DropPrimaryKey(
                name: "PK_director_revisions",
                schema: "units",
                table: "director_revisions");

            migrationBuilder.DropColumn(
                name: "Step",
                schema: "units",
                table: "units");

            migrationBuilder.DropColumn(
                name: "Step",
                schema: "units",
                table: "unit_revisions");

            migrationBuilder.DropColumn(
                name: "Step",
                schema: "units",
                table: "director_revisions");

            migrationBuilder.DropColumn(
                name: "Step",
                schema: "units",
                table: "director_posts");

            migrationBuilder.AddPrimaryKey(
                name: "PK_unit_revisions",
                schema: "units",
                table: "unit_revisions",
                columns: new[] { "UnitId", "Version" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_director_revisions",
                schema: "units",
                table: "director_revisions",
                columns: new[] { "PostId", "Version" });
        }
    }
}
