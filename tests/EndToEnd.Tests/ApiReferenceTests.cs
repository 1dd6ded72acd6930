using System.Net;
using System.Text.Json.Nodes;
using Nacka.Testing;
using Xunit;

namespace Nacka.EndToEnd.Tests;

/// <summary>The API reference as the running system serves it through the gateway: every document, linted, and the page at /docs.</summary>
[Collection(nameof(RunningSystemCollection))]
public sealed class ApiReferenceTests(RunningSystem system)
{
    private static readonly string[] Documents = ["org", "units", "mandates", "committees", "processes"];
    private static readonly string[] Writes = ["post", "put", "patch", "delete"];

    [Fact]
    public async Task Every_document_the_gateway_serves_passes_the_OpenAPI_linter()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Repository.Artifacts("openapi");
        var files = new List<string>();
        foreach (var name in Documents)
        {
            var file = Path.Combine(folder, $"{name}.json");
            await File.WriteAllTextAsync(file, await system.Gateway.GetStringAsync($"/openapi/{name}.json", ct), ct);
            files.Add(file);
        }

        var (exitCode, output) = await OpenApiLint.RunAsync(files, ct);

        Assert.True(exitCode == 0, output);
    }

    [Theory]
    [InlineData("units", "registrar")]
    [InlineData("committees", "registrar")]
    [InlineData("processes", "registrar")]
    [InlineData("mandates", "ks-secretariat")]
    public async Task A_services_document_says_which_writes_need_which_token_and_every_error_it_can_answer(string service, string role)
    {
        var document = JsonNode.Parse(await system.Gateway.GetStringAsync($"/openapi/{service}.json", TestContext.Current.CancellationToken))!;

        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        var operations = document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(op => (Path: path.Key, Method: op.Key, Operation: op.Value!))).ToList();
        Assert.All(operations.Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)), o =>
        {
            var responses = o.Operation["responses"]!.AsObject();
            var where = $"{o.Method.ToUpperInvariant()} {o.Path}";
            if (o.Operation["parameters"] is JsonArray { Count: > 0 } || o.Operation["requestBody"] is not null)
            {
                Assert.True(responses.ContainsKey("400"), $"{where} does not say it answers malformed input with 400");
            }

            if (o.Path.Contains('{', StringComparison.Ordinal))
            {
                Assert.True(responses.ContainsKey("404"), $"{where} does not name its 404");
            }

            if (Writes.Contains(o.Method))
            {
                Assert.True(o.Operation["security"] is JsonArray { Count: > 0 }, $"{where} does not say it needs a token");
                Assert.Contains($"`{role}`", o.Operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
                Assert.True(responses.ContainsKey("401") && responses.ContainsKey("403") && responses.ContainsKey("422"),
                    $"{where}: {string.Join(",", responses.Select(r => r.Key))}");
            }
            else
            {
                Assert.Null(o.Operation["security"]);
            }
        });

        // Every property says its type (a string property without one reads as "anything").
        var untyped = document["components"]!["schemas"]!.AsObject()
            .SelectMany(schema => (schema.Value!["properties"] as JsonObject ?? []).Where(p => p.Value is JsonObject { Count: 0 })
                .Select(p => $"{schema.Key}.{p.Key}"))
            .ToList();
        Assert.Empty(untyped);
    }

    [Fact]
    public async Task The_reference_page_at_docs_offers_every_document_from_the_gateway_itself()
    {
        var ct = TestContext.Current.CancellationToken;
        using var page = await system.Gateway.GetAsync("/docs/", ct);
        var html = await page.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.All(Documents, name => Assert.Contains($"openapi/{name}.json", html, StringComparison.Ordinal));
        Assert.DoesNotContain("cdn.jsdelivr", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await system.Gateway.GetAsync("/docs/scalar.js", ct)).StatusCode);
        await Answers.ProblemAsync(await system.Gateway.GetAsync("/openapi/nope.json", ct), HttpStatusCode.NotFound);
    }
}
