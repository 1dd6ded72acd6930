using Microsoft.EntityFrameworkCore.Migrations;
using Nacka.Records.Paging;

#nullable disable

namespace Nacka.Units.Data.Migrations
{
    /// <summary>
    /// The searched names' folded copies as stored columns, and the name search's trigram indexes on them instead of on
    /// <c>folded(name)</c>: a search no longer calls <c>folded</c> for every row it tests (see <see cref="NameSearch.FoldedColumn"/>).
    /// </summary>
    public partial class NameSearchFoldedColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EnglishNameFolded",
                schema: "units",
                table: "units",
                type: "text",
                nullable: true,
                computedColumnSql: "\"units\".folded(\"EnglishName\")",
                stored: true);

            migrationBuilder.AddColumn<string>(
                name: "NameFolded",
                schema: "units",
                table: "units",
                type: "text",
                nullable: true,
                computedColumnSql: "\"units\".folded(\"Name\")",
                stored: true);

            migrationBuilder.AddColumn<string>(
                name: "ShortNameFolded",
                schema: "units",
                table: "units",
                type: "text",
                nullable: true,
                computedColumnSql: "\"units\".folded(\"ShortName\")",
                stored: true);

            migrationBuilder.AddColumn<string>(
                name: "EnglishNameFolded",
                schema: "units",
                table: "unit_revisions",
                type: "text",
                nullable: true,
                computedColumnSql: "\"units\".folded(\"EnglishName\")",
                stored: true);

            migrationBuilder.AddColumn<string>(
                name: "NameFolded",
                schema: "units",
                table: "unit_revisions",
                type: "text",
                nullable: true,
                computedColumnSql: "\"units\".folded(\"Name\")",
                stored: true);

            migrationBuilder.AddColumn<string>(
                name: "ShortNameFolded",
                schema: "units",
                table: "unit_revisions",
                type: "text",
                nullable: true,
                computedColumnSql: "\"units\".folded(\"ShortName\")",
                stored: true);

            NameSearch.IndexFoldedColumns(migrationBuilder, "units", "units", "Name", "EnglishName", "ShortName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            NameSearch.Rebuild(migrationBuilder, "units", "units", "Name", "EnglishName", "ShortName");

            migrationBuilder.DropColumn(
                name: "EnglishNameFolded",
                schema: "units",
                table: "units");

            migrationBuilder.DropColumn(
                name: "NameFolded",
                schema: "units",
                table: "units");

            migrationBuilder.DropColumn(
                name: "ShortNameFolded",
                schema: "units",
                table: "units");

            migrationBuilder.DropColumn(
                name: "EnglishNameFolded",
                schema: "units",
                table: "unit_revisions");

            migrationBuilder.DropColumn(
                name: "NameFolded",
                schema: "units",
                table: "unit_revisions");

            migrationBuilder.DropColumn(
                name: "ShortNameFolded",
                schema: "units",
                table: "unit_revisions");
        }
    }
}
