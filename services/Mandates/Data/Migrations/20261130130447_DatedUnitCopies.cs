using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Mandates.Data.Migrations
{
    /// <inheritdoc />
    public partial class DatedUnitCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ManagerTitles",
                schema: "mandates",
                table: "known_units",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Names",
                schema: "mandates",
                table: "known_units",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");
        
            // Units already known: their current name and title from their establishment (what was kept before dates were).
            migrationBuilder.Sql("""
                UPDATE mandates.known_units SET
                    "Names" = jsonb_build_array(jsonb_build_object('from', "EstablishedOn", 'value', "Name")),
                    "ManagerTitles" = jsonb_build_array(jsonb_build_object('from', "EstablishedOn", 'value', "ManagerTitle"))
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ManagerTitles",
                schema: "mandates",
                table: "known_units");

            migrationBuilder.DropColumn(
                name: "Names",
                schema: "mandates",
                table: "known_units");
        }
    }
}
