using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Nacka.Testing.BadInput;
using Xunit;

namespace Nacka.EndToEnd.Tests;

/// <summary>
/// Generated bad input on every route of every service and of the gateway, read from the OpenAPI
/// documents the running system serves, sent through the gateway with a token holding every role
/// (so writes reach the services' binding and rules): each case must get a 4xx Problem Details —
/// never a 5xx, a success or a dropped connection — and afterwards every service's replay feed and
/// records are what they were. Cases per route: NACKA_BAD_INPUT_CASES (default 200).
/// </summary>
[Collection(nameof(RunningSystemCollection))]
public sealed class GeneratedBadInputTests(RunningSystem system)
{
    private static readonly string[] Services = ["units", "mandates", "committees", "processes"];

    /// <summary>Every record list, read in full, for the checksum over ids and versions.</summary>
    private static readonly string[] Lists =
        ["/api/units?status=all", "/api/committees?status=all", "/api/assignments", "/api/mandates?status=all", "/api/processes?status=all"];

    private static int CasesPerRoute => int.TryParse(Environment.GetEnvironmentVariable("NACKA_BAD_INPUT_CASES"), out var n) ? n : 200;

    public static TheoryData<string> Documents => ["org", .. Services];

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Generated_bad_input_on_every_route_gets_a_4xx_problem_and_changes_nothing(string document)
    {
        var ct = TestContext.Current.CancellationToken;
        var openApi = JsonNode.Parse(await system.Gateway.GetStringAsync($"/openapi/{document}.json", ct))!;
        var operations = ApiOperation.All(openApi, path => path == "/events" ? $"/events/{document}" : path);
        Assert.NotEmpty(operations);
        var token = await system.TokenAsync("Bad Input", "registrar", "ks-secretariat");
        var before = await StateAsync(ct);

        var report = new List<string>();
        foreach (var operation in operations)
        {
            if (!BadRequests.TakesInput(operation))
            {
                report.Add($"{operation}: 0 (takes no input)");
                continue;
            }

            var sent = 0;
            await BadRequests.For(operation).SampleAsync(async bad =>
            {
                Interlocked.Increment(ref sent);
                await SendAndCheckAsync(bad, token, ct);
            }, iter: CasesPerRoute, threads: 2);
            report.Add($"{operation}: {sent}");
        }

        // The count of cases per route, for docs/reliability.md: artifacts/bad-input/<document>.txt.
        var total = report.Sum(r => int.Parse(r.Split(": ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        await File.WriteAllTextAsync(Path.Combine(Nacka.Testing.Repository.Artifacts("bad-input"), $"{document}.txt"),
            $"{document}: {operations.Count} routes, {total} cases, every one a 4xx\n{string.Join("\n", report)}\n", ct);
        Assert.Equal(before, await StateAsync(ct));
    }

    private async Task SendAndCheckAsync(BadRequest bad, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(bad.Method), bad.PathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (bad.Body is not null)
        {
            request.Content = new ByteArrayContent(bad.Body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (bad.IfMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", bad.IfMatch);
        }

        if (bad.IdempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", bad.IdempotencyKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await system.Gateway.SendAsync(request, ct);
        }
        catch (HttpRequestException dropped)
        {
            throw new InvalidOperationException($"{bad}: the connection failed ({dropped.Message})", dropped);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(ct);
            if (status is < 400 or >= 500)
            {
                throw new InvalidOperationException($"{bad}: {status} {body[..Math.Min(body.Length, 400)]}");
            }

            // The HTTP server (Kestrel) refuses two things itself, before any middleware runs, with a
            // bare status: a path whose decoded form holds a NUL character (400) and a request line
            // over its 8 KiB limit (414). Those are the only answers that cannot carry Problem Details.
            var refusedByTheHttpServer = body.Length == 0
                && ((status == 400 && bad.PathAndQuery.Split('?')[0].Contains("%00", StringComparison.Ordinal))
                    || (status == 414 && bad.PathAndQuery.Length > 8_000));
            if (!refusedByTheHttpServer && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                throw new InvalidOperationException($"{bad}: {status} without Problem Details ({response.Content.Headers.ContentType})");
            }
        }
    }

    /// <summary>Each service's replay feed position and a checksum over the ids and versions of every record.</summary>
    private async Task<string> StateAsync(CancellationToken ct)
    {
        var state = new StringBuilder();
        foreach (var service in Services)
        {
            long after = 0;
            while (true)
            {
                var page = await system.GetAsync($"/events/{service}?after={after}&limit=1000", ct);
                after = page["lastPosition"]!.GetValue<long>();
                if (!page["hasMore"]!.GetValue<bool>())
                {
                    break;
                }
            }

            state.Append(service).Append(" feed at ").Append(after).Append('\n');
        }

        foreach (var list in Lists)
        {
            var rows = new List<string>();
            for (var page = 1; ; page++)
            {
                var items = (await system.GetAsync($"{list}{(list.Contains('?', StringComparison.Ordinal) ? '&' : '?')}pageSize=200&page={page}",
                    ct))["items"]!.AsArray();
                rows.AddRange(items.Select(i => $"{i!["id"]}:{i["version"]}"));
                if (items.Count < 200)
                {
                    break;
                }
            }

            rows.Sort(StringComparer.Ordinal);
            state.Append(list).Append(": ").Append(rows.Count).Append(" records, ")
                .Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(",", rows))))).Append('\n');
        }

        return state.ToString();
    }
}
