using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nacka.Mandates.Data.Migrations
{
    /// <summary>
    /// One mandate leads a unit on any day, held by the database: the periods a unit's mandates hold
    /// (from their first day until the day after validTo or their end, whichever is first) may not
    /// overlap. Checked at commit, so a grant that supersedes the current mandate (its end and the new
    /// one in one write) is checked as a whole; concurrent writers cannot slip past it.
    /// </summary>
    public partial class OneMandatePerUnitPerDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS btree_gist;
                ALTER TABLE mandates.mandates ADD CONSTRAINT ex_mandates_one_per_unit_per_day EXCLUDE USING gist (
                    "UnitId" WITH =,
                    daterange("MandateFrom",
                        GREATEST("MandateFrom", LEAST(COALESCE("MandateTo" + 1, 'infinity'::date), COALESCE("EndedOn", 'infinity'::date))), '[)') WITH &&
                ) DEFERRABLE INITIALLY DEFERRED;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE mandates.mandates DROP CONSTRAINT ex_mandates_one_per_unit_per_day;");
        }
    }
}
