using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations;
using Nacka.Rules;

namespace Nacka.Records.Paging;

/// <summary>
/// Name searches are case and accent tolerant ("alta" finds "Älta"): a name matches when its folded form
/// (<see cref="Folded"/>: PostgreSQL's <c>unaccent</c>, then lower case) contains the folded search. The service's schema
/// gets a function <c>folded(text)</c> declared immutable (<c>unaccent</c> itself is not, as it reads a dictionary), which
/// computes each searched name's stored folded copy (<see cref="HasFoldedNames"/>), and a trigram index (<c>pg_trgm</c>) on
/// that copy finds the names containing a search of three letters or more without reading every row
/// (<see cref="IndexFoldedColumns"/>). Both extensions are trusted contrib extensions: a database owner may create them.
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
    /// The folded copy of each searched name is a column of its own (<see cref="HasFoldedNames"/>), stored when the row is written:
    /// reading it costs a search nothing, where <c>folded(name)</c> in a query is a call of a SQL function per row (about 2 µs: it
    /// cannot be inlined, as <c>unaccent</c> is only stable) — a search that walks 70,000 names in name order took 200 ms for the
    /// calls and 27 ms without (docs/benchmarks.md, tenth session).
    /// </summary>
    public static string FoldedColumn(string column) => column + "Folded";

    /// <summary>
    /// The rows one of whose <paramref name="names"/> contains <paramref name="search"/>, folded: one condition per name, each
    /// <c>"NameFolded" LIKE folded('%search%')</c>, which the folded column's trigram index (<see cref="IndexFoldedColumns"/>) serves.
    /// The pattern goes into the SQL as a constant (escaped by EF), so PostgreSQL folds it once while planning: as a parameter, a
    /// generic plan calls <c>folded</c> on it again for every row it tests (262 against 26 ms for the walk above), and a custom
    /// plan sees the pattern it estimates for.
    /// </summary>
    public static Expression<Func<TRow, bool>> Matching<TRow>(string search, params Expression<Func<TRow, string?>>[] names)
    {
        var pattern = Like.Containing(search);
        Expression<Func<TRow, string, bool>> matches = (row, folded) =>
            EF.Functions.Like(EF.Property<string?>(row!, folded), Folded(EF.Constant(pattern)), Like.Escape);
        var row = names[0].Parameters[0];
        var body = names.Select(name => Parameters.Inline(matches, row, Expression.Constant(FoldedColumn(MemberName(name)))))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<TRow, bool>>(body, row);
    }

    private static string MemberName<TRow>(Expression<Func<TRow, string?>> name) => name.Body is MemberExpression member
        ? member.Member.Name
        : throw new ArgumentException($"A name to search is a property of the row (r => r.Name), not {name}.", nameof(name));

    /// <summary>
    /// The folded copies of <paramref name="properties"/> (text) as stored generated columns <see cref="FoldedColumn"/>, mapped as
    /// shadow properties that EF neither writes nor reads back: PostgreSQL computes them with the service's <c>folded</c> on every
    /// insert and update. Give the same properties to a record's revision table and its current table: a list reads both.
    /// </summary>
    public static EntityTypeBuilder HasFoldedNames(this EntityTypeBuilder entity, params string[] properties)
    {
        var schema = entity.Metadata.GetSchema() ?? entity.Metadata.Model.GetDefaultSchema()
            ?? throw new InvalidOperationException("Set the service's schema before HasFoldedNames.");
        foreach (var name in properties)
        {
            var column = entity.Metadata.FindProperty(name)?.GetColumnName()
                ?? throw new InvalidOperationException($"{entity.Metadata.DisplayName()} has no property {name} to fold.");
            var folded = entity.Property<string?>(FoldedColumn(name))
                .HasColumnName(FoldedColumn(column))
                .HasComputedColumnSql($"\"{schema}\".{Function}(\"{column}\")", stored: true)
                .ValueGeneratedNever();
            folded.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            folded.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        }

        return entity;
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

    /// <summary>Drops the name indexes of <paramref name="columns"/> (of any kind) and creates them on <c>folded(column)</c> as
    /// <see cref="Create"/> does (before <see cref="IndexFoldedColumns"/>).</summary>
    public static void Rebuild(MigrationBuilder migrationBuilder, string schema, string table, params string[] columns)
    {
        foreach (var column in columns)
        {
            migrationBuilder.Sql($"DROP INDEX IF EXISTS \"{schema}\".{IndexName(table, column)};");
            CreateIndex(migrationBuilder, schema, table, column);
        }
    }

    /// <summary>
    /// Moves the name indexes of <paramref name="columns"/> from <c>folded(column)</c> to the stored folded columns
    /// (<see cref="HasFoldedNames"/>; the migration adds those first). Undone by <see cref="Rebuild"/>.
    /// </summary>
    public static void IndexFoldedColumns(MigrationBuilder migrationBuilder, string schema, string table, params string[] columns)
    {
        foreach (var column in columns)
        {
            migrationBuilder.Sql($"DROP INDEX IF EXISTS \"{schema}\".{IndexName(table, column)};");
            CreateIndex(migrationBuilder, schema, table, column, indexed: $"\"{FoldedColumn(column)}\"");
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

    /// <summary>A GiST trigram index on <paramref name="indexed"/> (SQL; by default <c>folded(column)</c>) of
    /// <paramref name="table"/>, named <see cref="IndexName"/>.</summary>
    private static void CreateIndex(MigrationBuilder migrationBuilder, string schema, string table, string column, string? indexed = null) =>
        migrationBuilder.Sql($$"""
        DO $do$
        DECLARE statement text;
        BEGIN
            SELECT format('CREATE INDEX %I ON %I.%I USING gist (%s %I.gist_trgm_ops(siglen = {{SignatureBytes}}))',
                    '{{IndexName(table, column)}}', '{{schema}}', '{{table}}',
                    '{{indexed ?? $"\"{schema}\".{Function}(\"{column}\")"}}', n.nspname)
                INTO statement
                FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
            EXECUTE statement;
        END
        $do$;
        """);

    private static string IndexName(string table, string column) => $"ix_{table}_{column}_search".ToLowerInvariant();
}
