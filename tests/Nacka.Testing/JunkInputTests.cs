using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Nacka.Testing;

/// <summary>
/// Junk sent to every route the service maps: malformed JSON, wrong types, impossible dates,
/// out-of-range numbers, invalid UTF-8. Every answer must be a 4xx Problem Details (or a success
/// that ignored the junk), never a 500, and nothing may be written. Each service's test project
/// derives from this once, so a new route is covered the day it is mapped.
/// </summary>
public abstract class JunkInputTests<TProgram, TContext>(TestInfrastructure infrastructure, string databaseConnectionName)
    where TProgram : class
    where TContext : DbContext
{
    /// <summary>Every role, so the junk gets past authorization and reaches binding and the rules.</summary>
    private static void Authorize(HttpRequestMessage request) =>
        request.Headers.Authorization = TestTokens.Bearer("Junk Sender", TestTokens.Registrar, TestTokens.KsSecretariat);

    private static readonly string[] JunkQueries =
    [
        "asOf=notadate", "asOf=2026-02-30", "pageSize=99999999999", "page=-1", "page=abc", "after=-5", "limit=abc",
        "limit=99999999999", "subject=not-a-guid", "status=%00", "q=%00", "holder=a%00b", "kind=%00", "actor=%00", "q=" + new string('x', 5000),
    ];

    private static readonly byte[][] JunkBodies =
    [
        "{"u8.ToArray(), "[]"u8.ToArray(), "null"u8.ToArray(), "\"text\""u8.ToArray(), "123"u8.ToArray(), [],
        """{"name":123,"title":[],"reason":{},"validFrom":"2026-02-30"}"""u8.ToArray(),
        """{"establishedOn":"2026-02-30","createdOn":"9999-99-99","dissolvedOn":"yesterday"}"""u8.ToArray(),
        """{"directorPostId":"not-a-guid","sourceUnitIds":["x"],"successors":{}}"""u8.ToArray(),
        """{"decision":{"body":1,"date":"2026-13-01"}}"""u8.ToArray(),
        """{"name":"a\u0000b","title":"\u0000","reason":"x\u0000","holder":{"name":"\u0000"},"role":"\u0000"}"""u8.ToArray(),
        [(byte)'{', (byte)'"', (byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xff, 0xfe, 0xc3, (byte)'"', (byte)'}'],
        Encoding.UTF8.GetBytes("{\"name\":\"" + new string('a', 100_000) + "\"}"),
        Encoding.UTF8.GetBytes(new string('[', 5000)),
    ];

    [Fact]
    public async Task Junk_on_every_route_gets_a_4xx_problem_and_changes_nothing()
    {
        await using var service = new ServiceFactory<TProgram>(infrastructure, databaseConnectionName);
        using var client = service.CreateClient();
        await HealthProbe.WaitUntilHealthyAsync(client, "/health", TimeSpan.FromSeconds(60));
        var routes = ServiceRoutes.Of(service.Services).Where(r => !r.Path.Contains("openapi", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(routes);

        var failures = new List<string>();
        foreach (var (method, _, path) in routes)
        {
            foreach (var query in JunkQueries)
            {
                await CheckAsync(client, new HttpMethod(method), $"{path}?{query}", null, failures);
            }

            if (method is "POST" or "PUT" or "PATCH")
            {
                foreach (var body in JunkBodies)
                {
                    await CheckAsync(client, new HttpMethod(method), path, body, failures);
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));

        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
#pragma warning disable EF1002 // the schema comes from the service's own model
        var outbox = await db.Database.SqlQueryRaw<long>($"SELECT count(*) AS \"Value\" FROM \"{db.Model.GetDefaultSchema()}\".outbox_messages")
            .SingleAsync(TestContext.Current.CancellationToken);
#pragma warning restore EF1002
        Assert.Equal(0, outbox);
    }

    private static async Task CheckAsync(HttpClient client, HttpMethod method, string path, byte[]? body, List<string> failures)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        Authorize(request);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var status = (int)response.StatusCode;
        var shown = body is null ? "" : " body " + Encoding.UTF8.GetString(body[..Math.Min(body.Length, 60)]);
        if (status >= 500)
        {
            failures.Add($"{method} {path}{shown}: {status} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        }
        else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add($"{method} {path}{shown}: {status} without Problem Details ({response.Content.Headers.ContentType})");
        }
    }
}
