using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Units.Data.Migrations
{
    /// <summary>
    /// Names (and identifiers, the one executive board) unique on every day rather than among the
    /// records whose end is not recorded: the partial unique indexes give way to dated claims kept
    /// by a trigger under an exclusion constraint (see <see cref="Nacka.Records.Revisions.DatedUniqueness"/>).
    /// </summary>
    public partial class DatedUniqueness : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "unit_identifiers",
                schema: "units");

            migrationBuilder.DropIndex(
                name: "ux_units_name_not_dissolved",
                schema: "units",
                table: "units");

            migrationBuilder.DropColumn(
                name: "NameKey",
                schema: "units",
                table: "units");

            UnitsDbContext.NameDays.Create(migrationBuilder);
            UnitsDbContext.IdentifierDays.Create(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            UnitsDbContext.NameDays.Drop(migrationBuilder);
            UnitsDbContext.IdentifierDays.Drop(migrationBuilder);

            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                schema: "units",
                table: "units",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                computedColumnSql: "lower(\"Name\")",
                stored: true);

            migrationBuilder.CreateTable(
                name: "unit_identifiers",
                schema: "units",
                columns: table => new
                {
                    Scheme = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Value = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_identifiers", x => new { x.Scheme, x.Value });
                });

            migrationBuilder.CreateIndex(
                name: "ux_units_name_not_dissolved",
                schema: "units",
                table: "units",
                column: "NameKey",
                unique: true,
                filter: "\"DissolvedOn\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_unit_identifiers_UnitId",
                schema: "units",
                table: "unit_identifiers",
                column: "UnitId");
        }
    }
}
