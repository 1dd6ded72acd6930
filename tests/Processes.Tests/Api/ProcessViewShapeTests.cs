extern alias gateway;

using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nacka.Testing;
using Xunit;

namespace Nacka.Processes.Tests.Api;

/// <summary>
/// The gateway's composed process view (<c>/api/org/processes/{id}</c>) is this service's answer passed through, with each
/// unit's manager and the parts missing; its shape in the gateway's OpenAPI document is <c>OrgProcessView</c>. A field this
/// service adds or drops without the shape following fails here, so the document never drifts from what the view answers.
/// </summary>
public sealed class ProcessViewShapeTests(TestInfrastructure infrastructure)
{
    [Fact]
    public async Task The_process_views_documented_shape_is_this_services_answer_and_what_is_missing()
    {
        await using var organisation = await Organisation.StartAsync(infrastructure);
        var education = await organisation.DirectorAsync("Utbildningsdirektör");
        var process = Answers.Id(await organisation.CreateProcessAsync("Utbildningsprocessen", education));

        var answer = (await organisation.ProcessesApi.GetFromJsonAsync<JsonObject>($"/api/processes/{process}", TestContext.Current.CancellationToken))!;

        var documented = typeof(gateway::Nacka.Gateway.ApiReference.OrgProcessView).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order();
        Assert.Equal(documented, answer.Select(p => p.Key).Append("missing").Order());
    }
}
