using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Processes.Data.Migrations
{
    /// <summary>
    /// The dated claims' exclusion constraint compares the entity as text, so that a write's
    /// "this entity's claims" is found by the entity's btree index, not by a walk of the whole
    /// GiST index (see <see cref="Nacka.Records.Revisions.DatedUniqueness.CompareEntitiesAsText"/>).
    /// </summary>
    public partial class ClaimsFoundByEntityIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            ProcessesDbContext.NameDays.CompareEntitiesAsText(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            ProcessesDbContext.NameDays.CompareEntitiesAsUuid(migrationBuilder);
        }
    }
}
