using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Nacka.Rules;

namespace Nacka.Records.Paging;

/// <summary>
/// Name searches are case and accent tolerant ("alta" finds "Älta"): a name matches when its folded form
/// (<see cref="Folded"/>: PostgreSQL's <c>unaccent</c>, then lower case) contains the folded search. The service's schema
/// gets a function <c>folded(text)</c> declared immutable (<c>unaccent</c> itself is not, as it reads a dictionary), so a
/// trigram index (<c>pg_trgm</c>) on <c>folded(name)</c> finds the names containing a search of three letters or more
/// without reading every row (<see cref="Create"/>). Both extensions are trusted contrib extensions: a database owner may create them.
/// <para>
/// The index is a GiST, not a GIN (docs/benchmarks.md, ninth session). A GIN keeps the rows written since the last vacuum in a
/// pending list that every search reads through (3,000 renames cut a search at 100,000 units from about 600 to 230 a second), and
/// it reads the whole posting list of every trigram a search shares with most names ("Bänkenheten 00150" among 100,000
/// "Bänkenheten …": 4.8 ms against 0.3 ms; the bench's search 304 against 617 a second at 100,000 units, GIN without its pending
/// list). A GIN finds a word in 5% of the names faster (2 against 90 ms), and then the list's page is read from it instead of
/// walking the name order: where those names lie together late in that order, the GiST's search is slower (docs: not met).
/// Writes cost the same with either.
/// </para>
/// </summary>
public static class NameSearch
{
    private const string Function = "folded";

    /// <summary>The folded form of <paramref name="text"/>, in a query (the database's <c>folded</c> function); null stays null.</summary>
    public static string Folded(string? text) => throw new InvalidOperationException("NameSearch.Folded is translated to SQL; call it only in a query.");

    /// <summary>The extensions and the folding function, in the service's schema (the model's default schema: set it first).</summary>
    public static ModelBuilder AddNameSearch(this ModelBuilder modelBuilder)
    {
        var schema = modelBuilder.Model.GetDefaultSchema() ?? throw new InvalidOperationException("Set the service's schema before AddNameSearch.");
        modelBuilder.HasPostgresExtension("unaccent").HasPostgresExtension("pg_trgm");
        modelBuilder.HasDbFunction(typeof(NameSearch).GetMethod(nameof(Folded))!).HasName(Function).HasSchema(schema);
        return modelBuilder;
    }

    /// <summary>
    /// The rows one of whose <paramref name="names"/> contains <paramref name="search"/>, folded: one condition per name, each
    /// <c>folded(name) LIKE folded('%search%')</c>, which the name's trigram index (<see cref="Create"/>) serves.
    /// </summary>
    public static Expression<Func<TRow, bool>> Matching<TRow>(string search, params Expression<Func<TRow, string?>>[] names)
    {
        var pattern = Like.Containing(search);
        Expression<Func<string?, bool>> matches = name => EF.Functions.Like(Folded(name), Folded(pattern), Like.Escape);
        var row = names[0].Parameters[0];
        var body = names.Select(name => Parameters.Replace(matches.Body, matches.Parameters[0], Parameters.Replace(name.Body, name.Parameters[0], row)))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<TRow, bool>>(body, row);
    }

    public const int MaxLength = 200;

    /// <summary>A search as given: at most <see cref="MaxLength"/> characters, no control characters.</summary>
    public static IEnumerable<DomainError> Check(string? search, string field = "q")
    {
        if (search is { Length: > MaxLength })
        {
            yield return DomainError.Invalid(field, $"At most {MaxLength} characters.");
        }
        else if (search is not null && search.Any(char.IsControl))
        {
            yield return DomainError.Invalid(field, "No control characters (tabs, line breaks).");
        }
    }

    /// <summary>
    /// The folding function in <paramref name="schema"/> and a trigram index on each of <paramref name="columns"/> of
    /// <paramref name="table"/> (the current table: lists and searches read today's rows there).
    /// </summary>
    public static void Create(MigrationBuilder migrationBuilder, string schema, string table, params string[] columns)
    {
        CreateFunction(migrationBuilder, schema);
        foreach (var column in columns)
        {
            CreateIndex(migrationBuilder, schema, table, column);
        }
    }

    /// <summary>Drops the name indexes of <paramref name="columns"/> (of any kind) and creates them as <see cref="Create"/> does now.</summary>
    public static void Rebuild(MigrationBuilder migrationBuilder, string schema, string table, params string[] columns)
    {
        foreach (var column in columns)
        {
            migrationBuilder.Sql($"DROP INDEX IF EXISTS \"{schema}\".{IndexName(table, column)};");
            CreateIndex(migrationBuilder, schema, table, column);
        }
    }

    /// <summary>Drops what <see cref="Create"/> created.</summary>
    public static void Drop(MigrationBuilder migrationBuilder, string schema, string table, params string[] columns)
    {
        foreach (var column in columns)
        {
            migrationBuilder.DropIndex(name: IndexName(table, column), schema: schema, table: table);
        }

        migrationBuilder.Sql($"DROP FUNCTION IF EXISTS \"{schema}\".{Function}(text);");
    }

    /// <summary>
    /// Creates <c>folded</c> in <paramref name="schema"/>. The extensions live where the database put them (the first schema on
    /// the migrating user's search path), so their schema is looked up and named: a function used by an index must not depend
    /// on the search path of whoever calls it.
    /// </summary>
    private static void CreateFunction(MigrationBuilder migrationBuilder, string schema) => migrationBuilder.Sql($$"""
        DO $do$
        DECLARE statement text;
        BEGIN
            SELECT format('CREATE OR REPLACE FUNCTION %I.{{Function}}(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE '
                    || 'AS $f$ SELECT lower(%I.unaccent(%L::regdictionary, $1)) $f$', '{{schema}}', n.nspname, quote_ident(n.nspname) || '.unaccent')
                INTO statement
                FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent';
            EXECUTE statement;
        END
        $do$;
        """);

    /// <summary>The signature length of the GiST trigram index in bytes (the default is 12; 64, 128, 256 and 512 measured alike for
    /// the bench's search at 100,000 units, 0.19–0.34 ms, 256 the fastest).</summary>
    private const int SignatureBytes = 256;

    /// <summary>A GiST trigram index on <c>folded(column)</c> of <paramref name="table"/>, named <see cref="IndexName"/>.</summary>
    private static void CreateIndex(MigrationBuilder migrationBuilder, string schema, string table, string column) => migrationBuilder.Sql($$"""
        DO $do$
        DECLARE statement text;
        BEGIN
            SELECT format('CREATE INDEX %I ON %I.%I USING gist (%I.{{Function}}(%I) %I.gist_trgm_ops(siglen = {{SignatureBytes}}))',
                    '{{IndexName(table, column)}}',
                    '{{schema}}', '{{table}}', '{{schema}}', '{{column}}', n.nspname)
                INTO statement
                FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
            EXECUTE statement;
        END
        $do$;
        """);

    private static string IndexName(string table, string column) => $"ix_{table}_{column}_search".ToLowerInvariant();
}
