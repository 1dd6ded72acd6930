using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nacka.Records.Paging;
using Nacka.Testing;
using Nacka.Units.Data;
using Npgsql;
using Xunit;
using static Nacka.Units.Tests.Api.UnitsClient;

namespace Nacka.Units.Tests.Api;

/// <summary>
/// The unit list read a page at a time: by <c>next</c> (<c>after</c>) or by page number, every unit once and in name order
/// on every date — also a unit with a rename scheduled after the date, which is read from its revisions rather than its
/// current row — and a total that is exact up to <see cref="ListPages.CountLimit"/> and says so beyond.
/// </summary>
public sealed class ListPagingTests(TestInfrastructure infrastructure)
{
    private const string Scheduled = "2099-01-01";

    private ServiceFactory<Program> NewService() => new(infrastructure, UnitsDbContext.ConnectionName);

    [Fact]
    public async Task Following_next_gives_every_unit_once_in_name_order_on_every_date_also_one_renamed_ahead_and_one_planned()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = Id(await api.CreateDirectorAsync("Utbildningsdirektör"));
        var units = new Dictionary<string, Guid>();
        foreach (var name in new[] { "Enhet A", "Enhet B", "Enhet C", "Enhet D", "Enhet E", "Enhet F" })
        {
            units[name] = Id(await api.CreateUnitAsync(name, director));
        }

        await api.CreateUnitAsync("Enhet G", director, establishedOn: "2098-08-01");
        // Its current row holds from 2099: before then it is read from its revisions, as "Enhet C".
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{units["Enhet C"]}/rename",
            new { name = "Enhet Z", validFrom = Scheduled, reason = "Beslut i KS" }));

        string[] today = ["Enhet A", "Enhet B", "Enhet C", "Enhet D", "Enhet E", "Enhet F", "Enhet G"];
        string[] after = ["Enhet A", "Enhet B", "Enhet D", "Enhet E", "Enhet F", "Enhet G", "Enhet Z"];
        Assert.Equal(today, await FollowNextAsync(api, "/api/units?pageSize=2"));
        Assert.Equal(today, await ByPageNumberAsync(api, "/api/units?pageSize=2"));
        Assert.Equal(after, await FollowNextAsync(api, "/api/units?pageSize=3&asOf=2099-02-01"));
        Assert.Equal(after, await ByPageNumberAsync(api, "/api/units?pageSize=3&asOf=2099-02-01"));
        Assert.Equal(["Enhet A", "Enhet B", "Enhet C", "Enhet D", "Enhet E", "Enhet F"], await FollowNextAsync(api, "/api/units?pageSize=4&status=active"));
    }

    [Fact]
    public async Task A_search_finds_names_in_either_part_of_the_list_whatever_the_case_and_accents_and_a_percent_sign_is_a_percent_sign()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = Id(await api.CreateDirectorAsync("Utbildningsdirektör"));
        var renamed = Id(await api.CreateUnitAsync("Älta förskola", director));
        await api.CreateUnitAsync("Ältaskolan", director, "grundskola");
        await api.CreateUnitAsync("Sickla 100% fritid", director, "kultur-fritid");
        await api.CreateUnitAsync("Sickla 1000 fritid", director, "kultur-fritid");
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{renamed}/rename",
            new { name = "Sickla förskola", validFrom = Scheduled, reason = "Beslut i KS" }));

        Assert.Equal(["Älta förskola", "Ältaskolan"], await FollowNextAsync(api, "/api/units?q=ALTA&pageSize=1"));
        Assert.Equal(["Sickla 100% fritid", "Sickla 1000 fritid"], Sorted(await FollowNextAsync(api, "/api/units?q=sickla&pageSize=1")));
        Assert.Equal(["Sickla 100% fritid", "Sickla 1000 fritid", "Sickla förskola"],
            Sorted(await FollowNextAsync(api, "/api/units?q=SICKLA&pageSize=1&asOf=2099-02-01")));
        Assert.Equal(["Sickla 100% fritid"], await FollowNextAsync(api, $"/api/units?q={Uri.EscapeDataString("100%")}"));
        Assert.Equal(["Sickla 100% fritid", "Sickla 1000 fritid"], Sorted(await FollowNextAsync(api, "/api/units?q=a%201")));
        // The search goes into the SQL as a literal (NameSearch.Matching): quotes and backslashes are text like any other.
        await api.CreateUnitAsync("Café O'Hara", director, "kultur-fritid");
        Assert.Equal(["Café O'Hara"], await FollowNextAsync(api, $"/api/units?q={Uri.EscapeDataString("cafe o'h")}"));
        Assert.Empty(await FollowNextAsync(api, $"/api/units?q={Uri.EscapeDataString("o'); DROP TABLE units.units; --")}"));
        Assert.Empty(await FollowNextAsync(api, $"/api/units?q={Uri.EscapeDataString("o\\'h")}"));
        Assert.Equal(["Café O'Hara"], await FollowNextAsync(api, $"/api/units?q={Uri.EscapeDataString("O'HARA")}"));
    }

    private static List<string> Sorted(List<string> names) => [.. names.Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_search_gives_every_match_once_in_name_order_however_many_and_wherever_they_lie_in_the_list()
    {
        // Many matches together late in the name order, many early, and few: however PostgreSQL reads them (docs/benchmarks.md,
        // tenth session), every match comes once and in order, also past the count limit. The test checks the answers, not the plans.
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = Id(await api.CreateDirectorAsync("Utbildningsdirektör"));
        var first = Id(await api.CreateUnitAsync("Aaa enhet 0000", director));
        await AddCopiesAsync(service, first, 1_199, "Aaa enhet ");
        await AddCopiesAsync(service, first, ListPages.CountLimit + 100, "Zorminge ");
        var renamed = Id(await api.CreateUnitAsync("Aaa enhet 9999", director));
        await OkAsync(await api.Http.PostAsJsonAsync($"/api/units/{renamed}/rename",
            new { name = "Zorminge 0000", validFrom = Scheduled, reason = "Beslut i KS" }));

        static List<string> Numbered(string prefix, int from, int to) => [.. Enumerable.Range(from, to - from + 1).Select(i => $"{prefix}{i:0000}")];
        var late = Numbered("Zorminge ", 1, ListPages.CountLimit + 100);
        // Late and many: 1,201 names before the first match.
        Assert.Equal(late, await FollowNextAsync(api, "/api/units?q=ZORMINGE&pageSize=10"));
        Assert.Equal(late.Take(30), await ByPageNumberAsync(api, "/api/units?q=zorminge&pageSize=10", pages: 3));
        Assert.Equal(["Zorminge 0000", .. late], await FollowNextAsync(api, $"/api/units?q=zorminge&pageSize=25&asOf=2099-02-01"));
        // Early and many: 1,201 matches first in the name order.
        Assert.Equal([.. Numbered("Aaa enhet ", 0, 1_199), "Aaa enhet 9999"], await FollowNextAsync(api, "/api/units?q=enhet&pageSize=50"));
        // Few: 100 matches among the late ones.
        Assert.Equal(Numbered("Zorminge ", 1_000, 1_099), await FollowNextAsync(api, "/api/units?q=orminge%2010&pageSize=20"));
        var many = await api.GetAsync("/api/units?q=orminge&pageSize=10");
        Assert.Equal((ListPages.CountLimit, false), (many["totalCount"]!.GetValue<int>(), many["totalCountIsExact"]!.GetValue<bool>()));
    }


    [Fact]
    public async Task The_total_is_exact_up_to_the_count_limit_and_beyond_it_says_at_least_that_many()
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());
        var director = Id(await api.CreateDirectorAsync("Utbildningsdirektör"));
        var first = Id(await api.CreateUnitAsync("Enhet 0000", director));
        await AddCopiesAsync(service, first, ListPages.CountLimit - 1);

        var exact = await api.GetAsync("/api/units?pageSize=10");
        Assert.Equal((ListPages.CountLimit, true), (exact["totalCount"]!.GetValue<int>(), exact["totalCountIsExact"]!.GetValue<bool>()));

        await api.CreateUnitAsync("Enhet ZZZZ", director);
        var more = await api.GetAsync("/api/units?pageSize=10");
        var lastPage = await api.GetAsync($"/api/units?pageSize=10&page={(ListPages.CountLimit / 10) + 1}");
        Assert.Equal((ListPages.CountLimit, false), (more["totalCount"]!.GetValue<int>(), more["totalCountIsExact"]!.GetValue<bool>()));
        Assert.Equal((ListPages.CountLimit + 1, true, "Enhet ZZZZ"), (lastPage["totalCount"]!.GetValue<int>(), lastPage["totalCountIsExact"]!.GetValue<bool>(),
            lastPage["items"]![0]!["name"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("after=not-a-token", "after")]
    [InlineData("after=WyJhIl0", "after")]
    [InlineData("after=WyJhIiwiYiJd", "after")]
    [InlineData("page=2&after=WyJhIiwiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwIl0", "page")]
    [InlineData("q=a%0Ab", "q")]
    [InlineData("q=a%09b", "q")]
    public async Task A_page_token_that_is_not_one_a_token_with_a_page_number_and_a_search_with_control_characters_are_refused(string query, string field)
    {
        await using var service = NewService();
        var api = new UnitsClient(service.CreateClientAs());

        var problem = await ProblemAsync(await api.Http.GetAsync($"/api/units?{query}"), HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public void A_position_survives_its_token_and_anything_else_is_not_a_token()
    {
        var position = new PagePosition("Förskolan \"Ekorren\" ½", Guid.NewGuid());

        Assert.Equal(position, PagePosition.Parse(position.ToToken()));
        Assert.Null(PagePosition.Parse(position.ToToken()[..^2]));
        Assert.Null(PagePosition.Parse(new string('A', 2000)));
    }

    /// <summary>Every name of the list, page after page by <c>next</c>; each page's total is the whole list's.</summary>
    private static async Task<List<string>> FollowNextAsync(UnitsClient api, string path)
    {
        var names = new List<string>();
        var page = await api.GetAsync(path);
        var total = page["totalCount"]!.GetValue<int>();
        while (true)
        {
            names.AddRange(page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
            Assert.Equal(total, page["totalCount"]!.GetValue<int>());
            if (page["next"]?.GetValue<string>() is not { } next)
            {
                break;
            }

            page = await api.GetAsync($"{path}&after={Uri.EscapeDataString(next)}");
        }

        if (page["totalCountIsExact"]!.GetValue<bool>())
        {
            Assert.Equal(total, names.Count);
        }
        else
        {
            Assert.True(names.Count > total, $"{names.Count} names, and the count said more than {total}");
        }

        return names;
    }

    private static async Task<List<string>> ByPageNumberAsync(UnitsClient api, string path, int pages = int.MaxValue)
    {
        var names = new List<string>();
        for (var number = 1; number <= pages; number++)
        {
            var items = (await api.GetAsync($"{path}&page={number}"))["items"]!.AsArray();
            if (items.Count == 0)
            {
                return names;
            }

            names.AddRange(items.Select(i => i!["name"]!.GetValue<string>()));
        }

        return names;
    }

    /// <summary>
    /// <paramref name="count"/> more units like <paramref name="unit"/>, named apart ("Enhet 0001" …, or <paramref name="prefix"/>
    /// and the number), written straight to the tables (as a bulk load would).
    /// </summary>
    private static async Task AddCopiesAsync(ServiceFactory<Program> service, Guid unit, int count, string prefix = "Enhet ")
    {
        await using var connection = new NpgsqlConnection(service.DatabaseConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        const string Columns = """
            "Version", "Step", "Change", "ValidFrom", "RecordedAt", "Kind", "ManagerTitle", "DirectorPostId", "EstablishedOn", "Identifiers",
            "PredecessorIds", "SuccessorIds"
            """;
        await using var copy = new NpgsqlCommand($"""
            CREATE TEMP TABLE copies AS SELECT gen_random_uuid() AS id, @prefix || lpad(i::text, 4, '0') AS name FROM generate_series(1, @count) i;
            INSERT INTO units.unit_revisions ("UnitId", "Name", {Columns}) SELECT c.id, c.name, {Columns} FROM units.unit_revisions r, copies c
                WHERE r."UnitId" = @unit;
            INSERT INTO units.units ("UnitId", "Name", {Columns}) SELECT c.id, c.name, {Columns} FROM units.units r, copies c WHERE r."UnitId" = @unit;
            """, connection);
        copy.Parameters.AddWithValue("count", count);
        copy.Parameters.AddWithValue("prefix", prefix);
        copy.Parameters.AddWithValue("unit", unit);
        await copy.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
