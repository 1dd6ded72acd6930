using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Processes.Data.Migrations
{
    /// <inheritdoc />
    public partial class DatedUnitNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Names",
                schema: "processes",
                table: "known_units",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");
        
            // Units already known: their latest name from their establishment (what was kept before dates were).
            migrationBuilder.Sql("""
                UPDATE processes.known_units SET "Names" = jsonb_build_array(jsonb_build_object('from', "EstablishedOn", 'value', "Name"));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Names",
                schema: "processes",
                table: "known_units");
        }
    }
}
