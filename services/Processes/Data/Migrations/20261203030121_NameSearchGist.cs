using Microsoft.EntityFrameworkCore.Migrations;
using Nacka.Records.Paging;

#nullable disable

namespace Nacka.Processes.Data.Migrations
{
    /// <summary>
    /// The name search's trigram indexes as GiST instead of GIN: a GIN's pending list and its long posting lists made a search at
    /// 100,000 names cost several times one at 1,000 (see <see cref="NameSearch"/>).
    /// </summary>
    public partial class NameSearchGist : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            NameSearch.Rebuild(migrationBuilder, "processes", "processes", "Name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Going down keeps the indexes as they are: they answer the same searches (the migration that created them drops them).
        }
    }
}
