using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Committees.Data.Migrations
{
    /// <summary>
    /// Names (and identifiers, the one executive board) unique on every day rather than among the
    /// records whose end is not recorded: the partial unique indexes give way to dated claims kept
    /// by a trigger under an exclusion constraint (see <see cref="Nacka.Records.Revisions.DatedUniqueness"/>).
    /// </summary>
    public partial class DatedUniqueness : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_committees_name_not_dissolved",
                schema: "committees",
                table: "committees");

            migrationBuilder.DropIndex(
                name: "ux_committees_one_executive_board",
                schema: "committees",
                table: "committees");

            migrationBuilder.DropColumn(
                name: "NameKey",
                schema: "committees",
                table: "committees");

            CommitteesDbContext.NameDays.Create(migrationBuilder);
            CommitteesDbContext.ExecutiveBoardDays.Create(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            CommitteesDbContext.NameDays.Drop(migrationBuilder);
            CommitteesDbContext.ExecutiveBoardDays.Drop(migrationBuilder);

            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                schema: "committees",
                table: "committees",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                computedColumnSql: "lower(\"Name\")",
                stored: true);

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
        }
    }
}
