using Microsoft.EntityFrameworkCore.Migrations;
using Nacka.Records.Paging;

#nullable disable

namespace Nacka.Processes.Data.Migrations
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
                name: "NameFolded",
                schema: "processes",
                table: "processes",
                type: "text",
                nullable: true,
                computedColumnSql: "\"processes\".folded(\"Name\")",
                stored: true);

            migrationBuilder.AddColumn<string>(
                name: "NameFolded",
                schema: "processes",
                table: "process_revisions",
                type: "text",
                nullable: true,
                computedColumnSql: "\"processes\".folded(\"Name\")",
                stored: true);

            NameSearch.IndexFoldedColumns(migrationBuilder, "processes", "processes", "Name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            NameSearch.Rebuild(migrationBuilder, "processes", "processes", "Name");

            migrationBuilder.DropColumn(
                name: "NameFolded",
                schema: "processes",
                table: "processes");

            migrationBuilder.DropColumn(
                name: "NameFolded",
                schema: "processes",
                table: "process_revisions");
        }
    }
}
