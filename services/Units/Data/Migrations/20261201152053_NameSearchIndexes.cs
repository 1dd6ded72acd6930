using Microsoft.EntityFrameworkCore.Migrations;
using Nacka.Records.Paging;

#nullable disable

namespace Nacka.Units.Data.Migrations
{
    /// <summary>
    /// Lists and name searches that cost the same at 100,000 units as at 1,000: units in name order from an index, and a
    /// trigram index on each folded name (see <see cref="Nacka.Records.Paging.NameSearch"/>).
    /// </summary>
    public partial class NameSearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");

            migrationBuilder.CreateIndex(
                name: "IX_units_Name_UnitId",
                schema: "units",
                table: "units",
                columns: new[] { "Name", "UnitId" });

            NameSearch.Create(migrationBuilder, "units", "units", "Name", "EnglishName", "ShortName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            NameSearch.Drop(migrationBuilder, "units", "units", "Name", "EnglishName", "ShortName");
            migrationBuilder.DropIndex(
                name: "IX_units_Name_UnitId",
                schema: "units",
                table: "units");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");
        }
    }
}
