using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Processes.Data.Migrations
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
                name: "ux_processes_name_not_ended",
                schema: "processes",
                table: "processes");

            migrationBuilder.DropColumn(
                name: "NameKey",
                schema: "processes",
                table: "processes");

            ProcessesDbContext.NameDays.Create(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            ProcessesDbContext.NameDays.Drop(migrationBuilder);

            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                schema: "processes",
                table: "processes",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                computedColumnSql: "lower(\"Name\")",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ux_processes_name_not_ended",
                schema: "processes",
                table: "processes",
                column: "NameKey",
                unique: true,
                filter: "\"EndedOn\" IS NULL");
        }
    }
}
