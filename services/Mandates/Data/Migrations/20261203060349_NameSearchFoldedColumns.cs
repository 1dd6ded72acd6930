using Microsoft.EntityFrameworkCore.Migrations;
using Nacka.Records.Paging;

#nullable disable

namespace Nacka.Mandates.Data.Migrations
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
                name: "HolderNameFolded",
                schema: "mandates",
                table: "mandates",
                type: "text",
                nullable: true,
                computedColumnSql: "\"mandates\".folded(\"HolderName\")",
                stored: true);

            migrationBuilder.AddColumn<string>(
                name: "HolderNameFolded",
                schema: "mandates",
                table: "mandate_revisions",
                type: "text",
                nullable: true,
                computedColumnSql: "\"mandates\".folded(\"HolderName\")",
                stored: true);

            NameSearch.IndexFoldedColumns(migrationBuilder, "mandates", "mandates", "HolderName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            NameSearch.Rebuild(migrationBuilder, "mandates", "mandates", "HolderName");

            migrationBuilder.DropColumn(
                name: "HolderNameFolded",
                schema: "mandates",
                table: "mandates");

            migrationBuilder.DropColumn(
                name: "HolderNameFolded",
                schema: "mandates",
                table: "mandate_revisions");
        }
    }
}
