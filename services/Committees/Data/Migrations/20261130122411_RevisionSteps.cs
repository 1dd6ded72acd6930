using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Committees.Data.Migrations
{
    /// <inheritdoc />
    public partial class RevisionSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_committee_revisions",
                schema: "committees",
                table: "committee_revisions");

            migrationBuilder.DropPrimaryKey(
                name: "PK_assignment_revisions",
                schema: "committees",
                table: "assignment_revisions");

            migrationBuilder.AddColumn<int>(
                name: "Step",
                schema: "committees",
                table: "committees",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Step",
                schema: "committees",
                table: "committee_revisions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Step",
                schema: "committees",
                table: "assignments",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Step",
                schema: "committees",
                table: "assignment_revisions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddPrimaryKey(
                name: "PK_committee_revisions",
                schema: "committees",
                table: "committee_revisions",
                columns: new[] { "CommitteeId", "Version", "Step" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_assignment_revisions",
                schema: "committees",
                table: "assignment_revisions",
                columns: new[] { "AssignmentId", "Version", "Step" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_committee_revisions",
                schema: "committees",
                table: "committee_revisions");

            migrationBuilder.DropPrimaryKey(
                name: "PK_assignment_revisions",
                schema: "committees",
                table: "assignment_revisions");

            migrationBuilder.DropColumn(
                name: "Step",
                schema: "committees",
                table: "committees");

            migrationBuilder.DropColumn(
                name: "Step",
                schema: "committees",
                table: "committee_revisions");

            migrationBuilder.DropColumn(
                name: "Step",
                schema: "committees",
                table: "assignments");

            migrationBuilder.DropColumn(
                name: "Step",
                schema: "committees",
                table: "assignment_revisions");

            migrationBuilder.AddPrimaryKey(
                name: "PK_committee_revisions",
                schema: "committees",
                table: "committee_revisions",
                columns: new[] { "CommitteeId", "Version" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_assignment_revisions",
                schema: "committees",
                table: "assignment_revisions",
                columns: new[] { "AssignmentId", "Version" });
        }
    }
}
