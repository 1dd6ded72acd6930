using Microsoft.EntityFrameworkCore.Migrations;
using Nacka.Records.Paging;

#nullable disable

namespace Nacka.Mandates.Data.Migrations
{
    /// <summary>Name searches served by a trigram index on the folded name (see <see cref="NameSearch"/>).</summary>
    public partial class NameSearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");

            NameSearch.Create(migrationBuilder, "mandates", "mandates", "HolderName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            NameSearch.Drop(migrationBuilder, "mandates", "mandates", "HolderName");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");
        }
    }
}
