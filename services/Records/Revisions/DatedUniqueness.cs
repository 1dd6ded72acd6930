using Microsoft.EntityFrameworkCore.Migrations;

namespace Nacka.Records.Revisions;

/// <summary>
/// "One X per key on any day" for a kind of record — a name among units, an identifier, the one
/// executive board — held by PostgreSQL over the days each record holds the key, not over its
/// latest row: a unit merged away from March keeps its name until March, a name given from
/// January is taken from January, a rename dated in the past is checked on the past days.
///
/// The days are a table of claims (entity, key, days) kept by a trigger on the revision table:
/// after each statement that adds revisions (once for a bulk load) the claims of the entities it
/// touched are derived again from their timelines as the register now knows them (each start
/// date's newest row holds until the next start date or the record's end, whichever is first, and
/// not before the record's first day). An exclusion constraint (<c>btree_gist</c>) refuses two
/// entities holding one key on a common day; it is checked at commit, so a reorganisation that passes a
/// name from one unit to another in one write is judged as a whole, and concurrent writers cannot
/// slip past it (the second waits for the first and fails). The write pipeline answers the
/// violation with the rule <see cref="Writes.IUniqueRules"/> maps the constraint to.
/// </summary>
/// <param name="Schema">The service's schema.</param>
/// <param name="Table">The claims table, e.g. <c>unit_name_days</c>; the constraint is <see cref="Constraint"/>.</param>
/// <param name="RevisionTable">The record's revision table.</param>
/// <param name="EntityColumn">The revision table's entity id column.</param>
/// <param name="StartColumn">The record's first day (<c>EstablishedOn</c>): a record registered ahead of its start holds its keys from then.</param>
/// <param name="EndColumn">The record's end date column (the first day it no longer holds), e.g. <c>DissolvedOn</c>.</param>
/// <param name="KeysSql">
/// A query over one revision row <c>r</c> giving the keys it holds, one per row in a column
/// <c>key</c>; build name keys with <see cref="NameKey"/> so every kind compares names alike.
/// </param>
public sealed record DatedUniqueness(string Schema, string Table, string RevisionTable, string EntityColumn, string StartColumn, string EndColumn,
    string KeysSql)
{
    public string Constraint => $"ex_{Table}";

    /// <summary>
    /// A name as compared for uniqueness: trimmed, whitespace runs as one space, NFC, lower case
    /// (<see cref="Nacka.Rules.Names"/> keeps names so when written; the database makes no
    /// assumption about rows written before it did).
    /// </summary>
    public static string NameKey(string column) => $"lower(normalize(regexp_replace(btrim({column}), '\\s+', ' ', 'g'), NFC))";

    private string Function => $"\"{Schema}\".\"{Table}_refresh\"";

    private string Claims => $"\"{Schema}\".\"{Table}\"";

    /// <summary>The claims of the entity <paramref name="entity"/> (an SQL expression) as its timeline stands.</summary>
    private string ClaimsOf(string entity) => $"""
        SELECT t.entity_id, k.key, daterange(t.since, t.until, '[)')
        FROM (
            SELECT r.*, r."{EntityColumn}" AS entity_id, GREATEST(r."ValidFrom", r."{StartColumn}") AS since,
                LEAST(COALESCE(lead(r."ValidFrom") OVER (ORDER BY r."ValidFrom"), 'infinity'::date), COALESCE(r."{EndColumn}", 'infinity'::date)) AS until
            FROM (SELECT DISTINCT ON ("ValidFrom") * FROM "{Schema}"."{RevisionTable}" WHERE "{EntityColumn}" = {entity}
                  ORDER BY "ValidFrom", "Version" DESC) r
        ) t
        CROSS JOIN LATERAL (SELECT keys.key FROM (SELECT t.*) r, LATERAL ({KeysSql}) keys) k
        WHERE t.until > t.since
        """;

    /// <summary>
    /// Creates the claims table, the trigger that keeps it, the claims of the records already
    /// there, and the constraint. Records that already break the rule keep the claims of the one
    /// recorded first; the others' clashing days are left unclaimed until their next change,
    /// which is then refused until the clash is corrected (a rename, an end).
    /// </summary>
    public void Create(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            CREATE EXTENSION IF NOT EXISTS btree_gist;
            CREATE TABLE {Claims} (entity_id uuid NOT NULL, key text NOT NULL, days daterange NOT NULL);
            CREATE INDEX "ix_{Table}_entity" ON {Claims} (entity_id);

            INSERT INTO {Claims} (entity_id, key, days)
            SELECT c.* FROM (SELECT DISTINCT "{EntityColumn}" AS id FROM "{Schema}"."{RevisionTable}") e
            CROSS JOIN LATERAL ({ClaimsOf("e.id")}) c;

            WITH firsts AS (SELECT "{EntityColumn}" AS id, min("RecordedAt") AS at FROM "{Schema}"."{RevisionTable}" GROUP BY 1)
            DELETE FROM {Claims} later USING {Claims} earlier, firsts l, firsts f
            WHERE l.id = later.entity_id AND f.id = earlier.entity_id
                AND later.key = earlier.key AND later.entity_id <> earlier.entity_id AND later.days && earlier.days
                AND (l.at, later.entity_id) > (f.at, earlier.entity_id);

            {AddConstraint(EntityAsText)}

            CREATE FUNCTION {Function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM {Claims} WHERE entity_id IN (SELECT "{EntityColumn}" FROM inserted);
                INSERT INTO {Claims} (entity_id, key, days)
                SELECT c.* FROM (SELECT DISTINCT "{EntityColumn}" AS id FROM inserted) e
                CROSS JOIN LATERAL ({ClaimsOf("e.id")}) c;
                RETURN NULL;
            END $$;
            CREATE TRIGGER "{Table}_refresh" AFTER INSERT ON "{Schema}"."{RevisionTable}"
                REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION {Function}();
            """);
    }

    /// <summary>
    /// The constraint's GiST index holds the entity as text (<see cref="EntityAsText"/>), so that
    /// it cannot answer "this entity's claims". PostgreSQL costs a GiST lookup on a column that is
    /// not the index's first as cheaply as a btree's and chose it, and such a lookup reads the whole
    /// index: the trigger's delete of one unit's claims took 1.2 ms at 5,000 units, growing with
    /// the register. The entity's own btree index answers it in 0.04 ms. The constraint means the same.
    /// </summary>
    public void CompareEntitiesAsText(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"ALTER TABLE {Claims} DROP CONSTRAINT \"{Constraint}\";\n{AddConstraint(EntityAsText)}");

    /// <summary>The constraint as it was before <see cref="CompareEntitiesAsText"/> (a migration's way down).</summary>
    public void CompareEntitiesAsUuid(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"ALTER TABLE {Claims} DROP CONSTRAINT \"{Constraint}\";\n{AddConstraint("entity_id")}");

    /// <summary>The entity column as the constraint compares it (see <see cref="CompareEntitiesAsText"/>).</summary>
    private const string EntityAsText = "(entity_id::text)";

    private string AddConstraint(string entity) =>
        $"ALTER TABLE {Claims} ADD CONSTRAINT \"{Constraint}\" EXCLUDE USING gist (key WITH =, {entity} WITH <>, days WITH &&) DEFERRABLE INITIALLY DEFERRED;";

    public void Drop(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            DROP TRIGGER "{Table}_refresh" ON "{Schema}"."{RevisionTable}";
            DROP FUNCTION {Function}();
            DROP TABLE {Claims};
            """);
    }
}
