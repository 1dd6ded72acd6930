using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nacka.Testing;
using Xunit;

namespace Nacka.Units.Tests.Api;

/// <summary>Name search tolerates case and Swedish letters: "alta" finds "Älta skola", "forskolan" finds "Förskolan".</summary>
public sealed class NameSearchTests(TestInfrastructure infrastructure)
{
    [Theory]
    [InlineData("alta", "Älta skola")]
    [InlineData("ÄLTA", "Älta skola")]
    [InlineData("forskolan sjo", "Förskolan Sjöstjärnan")]
    [InlineData("sjöstjärnan", "Förskolan Sjöstjärnan")]
    public async Task A_search_without_accents_or_in_another_case_finds_the_name(string q, string expected)
    {
        await using var service = new ServiceFactory<Program>(infrastructure, Nacka.Units.Data.UnitsDbContext.ConnectionName);
        var api = new UnitsClient(service.CreateClientAs());
        var director = Answers.Id(await api.CreateDirectorAsync("Utbildningsdirektör"));
        foreach (var name in new[] { "Älta skola", "Förskolan Sjöstjärnan", "Sickla skola" })
        {
            await api.CreateUnitAsync(name, director);
        }

        var found = await api.Http.GetFromJsonAsync<JsonObject>($"/api/units?q={Uri.EscapeDataString(q)}", TestContext.Current.CancellationToken);

        Assert.Equal([expected], found!["items"]!.AsArray().Select(u => u!["name"]!.GetValue<string>()));
    }
}
