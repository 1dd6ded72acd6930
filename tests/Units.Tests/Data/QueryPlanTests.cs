using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Testing;
using Nacka.Units.Data;
using Xunit;

namespace Nacka.Units.Tests.Data;

/// <summary>
/// The reads and writes of a registry with 10,000 units (20,000 revisions), planned by
/// PostgreSQL: none of latest, uniqueness, list, search or asOf scans the revisions table.
/// Median times are written to the test output for docs/units.md; nothing is asserted on time.
/// </summary>
public sealed class QueryPlanTests(TestInfrastructure infrastructure, ITestOutputHelper output)
{
    private const int Units = 10_000;

    [Fact]
    public async Task At_10000_units_no_read_or_uniqueness_check_scans_the_revisions()
    {
        var plans = new PlanCapture();
        await using var service = new ServiceFactory<Program>(infrastructure, UnitsDbContext.ConnectionName);
        await using var planned = service.WithWebHostBuilder(web => Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(web,
            services => services.ConfigureDbContext<UnitsDbContext>(options => options.AddInterceptors(plans))));
        using var client = planned.CreateClient();
        await using var scope = planned.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UnitsDbContext>();
        await SeedAsync(db);
        var today = new DateOnly(2026, 11, 28);
        var someUnit = await db.Units.Current.Select(u => u.EntityId).FirstAsync();

        var queries = new (string Name, Func<Task> Run)[]
        {
            ("latest (a write's load)", () => db.Units.LatestAsync(someUnit, default)),
            ("list page today", () => db.Units.AsOf(today).OrderBy(u => u.Name).ThenBy(u => u.EntityId).Skip(5000).Take(50).ToListAsync()),
            ("list count today", () => db.Units.AsOf(today).CountAsync()),
            ("name search", () => db.Units.AsOf(today).Where(u => EF.Functions.ILike(u.Name, "%nhet 123%")).OrderBy(u => u.Name).Take(50).ToListAsync()),
            ("list page asOf 2020-05-01 (older versions)", () => db.Units.AsOf(new DateOnly(2020, 5, 1)).OrderBy(u => u.Name).Take(50).ToListAsync()),
            ("one unit asOf", () => db.Units.AsOfAsync(someUnit, new DateOnly(2020, 5, 1), default)),
            ("history", () => db.Units.HistoryAsync(someUnit, default)),
        };

        foreach (var (name, run) in queries)
        {
            plans.Clear();
            plans.Enabled = true;
            await run();
            plans.Enabled = false;
            var plan = plans.Text;
            Assert.False(string.IsNullOrEmpty(plan), name);
            Assert.DoesNotContain("Seq Scan on unit_revisions", plan, StringComparison.Ordinal);

            var times = new List<double>();
            for (var i = 0; i < 15; i++)
            {
                var watch = Stopwatch.StartNew();
                await run();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            output.WriteLine($"{name}: median {times.Order().ElementAt(times.Count / 2):F2} ms\n{plan}\n");
        }

        // A search's count takes at most 1,001 matches in no order: counted in name order, it walked the name index testing every
        // name until the 1,001st match ("skola" among 100,000 names: 16 searches a second, 85 without the order).
        plans.Clear();
        plans.Enabled = true;
        using var searched = await client.GetAsync(new Uri("/api/units?q=enhet&asOf=2026-11-28", UriKind.Relative));
        plans.Enabled = false;
        Assert.Equal(System.Net.HttpStatusCode.OK, searched.StatusCode);
        var count = Assert.Single(plans.Plans, plan => plan.StartsWith("Aggregate", StringComparison.Ordinal));
        output.WriteLine($"a search's count:\n{count}\n");
        Assert.DoesNotContain("IX_units_Name_UnitId", count, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", count, StringComparison.Ordinal);
        // The search tests the stored folded names against a pattern folded once while planning: no call of folded() is left for
        // the rows (a walk of 70,000 names took 200 ms with one per row, against 27 ms). The pattern is written into the SQL: as a
        // parameter, a prepared statement's generic plan calls folded() on it for every row it tests (262 ms for that walk).
        Assert.All(plans.Plans, plan => Assert.DoesNotContain("folded(", plan, StringComparison.Ordinal));
        Assert.Contains(plans.Plans, plan => plan.Contains("\"NameFolded\" ~~ '%enhet%'", StringComparison.Ordinal));
        Assert.All(plans.Commands.Where(sql => sql.Contains("\"NameFolded\"", StringComparison.Ordinal)),
            sql => Assert.Contains("units.folded('%enhet%')", sql, StringComparison.Ordinal));

        // A duplicate name is refused by an exclusion constraint over the days each unit holds it (a GiST probe), not by a scan.
        var constraints = await db.Database.SqlQueryRaw<string>(
            "SELECT pg_get_constraintdef(oid) AS \"Value\" FROM pg_constraint WHERE conname = {0} AND contype = 'x'",
                UnitsDbContext.NameDays.Constraint).ToListAsync();
        Assert.StartsWith("EXCLUDE USING gist (key WITH =, ((entity_id)::text) WITH <>, days WITH &&)", Assert.Single(constraints), StringComparison.Ordinal);
        Assert.Equal(Units, await db.Database.SqlQueryRaw<int>("SELECT count(DISTINCT entity_id)::int AS \"Value\" FROM units.unit_name_days").SingleAsync());

        // Every write replaces its unit's claims: they are found by the entity's btree index. With the entity as uuid in the
        // constraint, PostgreSQL walked the whole GiST index instead (1.2 ms a write at 5,000 units, growing with the register).
        var claimsOfOneUnit = await ExplainAsync(db, $"DELETE FROM units.{UnitsDbContext.NameDays.Table} WHERE entity_id = '{someUnit}'");
        output.WriteLine($"a write's claims of one unit:\n{claimsOfOneUnit}\n");
        Assert.Contains($"ix_{UnitsDbContext.NameDays.Table}_entity", claimsOfOneUnit, StringComparison.Ordinal);
    }

    private static async Task<string> ExplainAsync(UnitsDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN " + sql;
            var lines = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }

            return string.Join("\n", lines);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>10,000 units, each with two revisions (established 2020-04-10, renamed 2020-07-19); 100 with a rename planned for 2027.</summary>
    private static async Task SeedAsync(UnitsDbContext db)
    {
        await db.Database.ExecuteSqlRawAsync($$"""
            INSERT INTO units.director_revisions ("PostId", "Version", "Change", "ValidFrom", "RecordedAt", "Title", "CreatedOn", "Holders")
            VALUES ('00000000-0000-0000-0000-0000000000d1', 1, 'created', DATE '2019-01-01', now(), 'Utbildningsdirektör', DATE '2019-01-01', '[]');
            INSERT INTO units.director_posts ("PostId", "Version", "Change", "ValidFrom", "RecordedAt", "Title", "CreatedOn", "Holders")
            SELECT "PostId", "Version", "Change", "ValidFrom", "RecordedAt", "Title", "CreatedOn", "Holders" FROM units.director_revisions;
            INSERT INTO units.unit_revisions ("UnitId", "Version", "Change", "ValidFrom", "RecordedAt", "Name", "Kind", "ManagerTitle", "DirectorPostId",
                "EstablishedOn", "Identifiers", "PredecessorIds", "SuccessorIds")
            SELECT md5(i::text)::uuid, v, CASE v WHEN 1 THEN 'established' ELSE 'renamed' END,
                CASE WHEN v = 1 THEN DATE '2020-04-10' WHEN v = 2 THEN DATE '2020-07-19' ELSE DATE '2027-01-01' END, now(),
                'Enhet ' || i || repeat(' B', v - 1), 'forskola', 'Rektor', '00000000-0000-0000-0000-0000000000d1', DATE '2020-04-10', '[]',
                ARRAY[]::uuid[], ARRAY[]::uuid[]
            FROM generate_series(1, {{Units}}) i, generate_series(1, 3) v
            WHERE v < 3 OR i % 100 = 0;
            INSERT INTO units.units ("UnitId", "Version", "Change", "ValidFrom", "RecordedAt", "Name", "Kind", "ManagerTitle", "DirectorPostId",
                "EstablishedOn", "Identifiers", "PredecessorIds", "SuccessorIds")
            SELECT DISTINCT ON ("UnitId") "UnitId", "Version", "Change", "ValidFrom", "RecordedAt", "Name", "Kind", "ManagerTitle", "DirectorPostId",
                "EstablishedOn", "Identifiers", "PredecessorIds", "SuccessorIds"
            FROM units.unit_revisions ORDER BY "UnitId", "Version" DESC;
            ANALYZE units.unit_revisions;
            ANALYZE units.units;
            ANALYZE units.unit_name_days;
            """);
    }

    /// <summary>
    /// Asks PostgreSQL for the plan of every query on the units' own tables EF sends while enabled (same text, same parameters).
    /// The outbox's dispatcher and sequencer run on the same context in the background: their queries (an aggregate over the
    /// outbox once stood beside the search's count in CI) are left out.
    /// </summary>
    private sealed class PlanCapture : DbCommandInterceptor
    {
        private static readonly System.Text.RegularExpressions.Regex UnitTables = new(@"\b""?units""?\.""?(units|unit_revisions)\b");

        private readonly List<List<string>> _plans = [];

        public bool Enabled { get; set; }

        public string Text => string.Join("\n", Plans);

        /// <summary>Each command's plan, in the order sent.</summary>
        public IEnumerable<string> Plans => _plans.Select(lines => string.Join("\n", lines));

        /// <summary>Each command's SQL, in the order sent.</summary>
        public IReadOnlyList<string> Commands => _commands;

        private readonly List<string> _commands = [];

        public void Clear()
        {
            _plans.Clear();
            _commands.Clear();
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Enabled && UnitTables.IsMatch(command.CommandText))
            {
                await using var explain = command.Connection!.CreateCommand();
                explain.Transaction = command.Transaction;
                explain.CommandText = "EXPLAIN " + command.CommandText;
                foreach (DbParameter parameter in command.Parameters)
                {
                    explain.Parameters.Add(((ICloneable)parameter).Clone());
                }

                var lines = new List<string>();
                await using var reader = await explain.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    lines.Add(reader.GetString(0));
                }

                _plans.Add(lines);
                _commands.Add(command.CommandText);
            }

            return result;
        }
    }
}
