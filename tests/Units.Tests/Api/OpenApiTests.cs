using System.Text.Json.Nodes;
using Nacka.Testing;
using Nacka.Units.Data;
using Xunit;

namespace Nacka.Units.Tests.Api;

public sealed class OpenApiTests(TestInfrastructure infrastructure)
{
    [Fact]
    public async Task The_OpenAPI_document_lists_every_operation_with_examples_in_Nackas_words()
    {
        await using var service = new ServiceFactory<Program>(infrastructure, UnitsDbContext.ConnectionName);
        using var client = service.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!;

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "/api/units", "/api/units/{id}", "/api/units/{id}/history", "/api/units/{id}/details", "/api/units/{id}/rename",
            "/api/units/{id}/reporting-line", "/api/units/{id}/merge", "/api/units/{id}/split", "/api/units/{id}/dissolve", "/api/units/kinds",
            "/api/directors", "/api/directors/{id}", "/api/directors/{id}/units", "/api/directors/{id}/appointments", "/api/directors/{id}/vacate", "/events",
        }, paths);
        var example = document["components"]!["schemas"]!["CreateUnitRequest"]!["examples"]![0]!;
        Assert.Equal("Förskolan Ugglan", example["name"]!.GetValue<string>());
        Assert.Equal("KFKS 2026/123", example["decision"]!["caseNumber"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/api/units/{id}/rename"]!["post"]!["responses"]!["412"]);
    }
}
