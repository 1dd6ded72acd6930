using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Committees.Data.Migrations
{
    /// <inheritdoc />
    public partial class DatedCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Names",
                schema: "committees",
                table: "known_units",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Holders",
                schema: "committees",
                table: "known_director_posts",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");
        
            // Units and posts already known: their latest name and holder from the start (what was kept before dates were).
            migrationBuilder.Sql("""
                UPDATE committees.known_units SET "Names" = jsonb_build_array(jsonb_build_object('from', "EstablishedOn", 'value', "Name"));
                UPDATE committees.known_director_posts SET "Holders" = jsonb_build_array(jsonb_build_object('from', "CreatedOn", 'value', "HolderName"))
                    WHERE "HolderName" IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Names",
                schema: "committees",
                table: "known_units");

            migrationBuilder.DropColumn(
                name: "Holders",
                schema: "committees",
                table: "known_director_posts");
        }
    }
}
