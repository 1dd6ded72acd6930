using System.Text.Json.Nodes;
using Xunit;

namespace Nacka.Contracts.Tests;

public sealed class AsyncApiCatalogueTests
{
    private static readonly string CataloguePath = Path.Combine(Nacka.Testing.Repository.Root(), "docs", "asyncapi.yaml");

    [Fact]
    public void Docs_asyncapi_yaml_describes_every_contract_type_exactly_as_it_is()
    {
        var generated = AsyncApiGenerator.Build(EventCatalog.All);
        if (Environment.GetEnvironmentVariable("NACKA_UPDATE_ASYNCAPI") == "1")
        {
            File.WriteAllText(CataloguePath, AsyncApiYaml.Write(generated));
        }

        Assert.True(File.Exists(CataloguePath), $"{CataloguePath} is missing: run ./build.sh asyncapi");
        var documented = AsyncApiYaml.Read(File.ReadAllText(CataloguePath));
        var expected = AsyncApiYaml.Normalise(generated);
        if (!JsonNode.DeepEquals(expected, documented))
        {
            // Both trees side by side, for a diff tool.
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "asyncapi.expected.json"), expected!.ToJsonString(new() { WriteIndented = true }));
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "asyncapi.documented.json"), documented?.ToJsonString(new() { WriteIndented = true }) ?? "null");
        }

        Assert.True(JsonNode.DeepEquals(expected, documented),
            "docs/asyncapi.yaml differs from the contract types (a type was added, removed or changed). "
            + "If the change is intended and compatible, run ./build.sh asyncapi and commit the result.");
    }

    [Fact]
    public void The_catalogue_has_a_channel_message_and_schema_per_event_with_its_CloudEvents_names()
    {
        var document = AsyncApiGenerator.Build([typeof(Samples.SampleRecorded)]);

        var channel = document["channels"]!["nacka.samples.sample-recorded"]!;
        Assert.Equal("nacka.samples.sample-recorded", channel["address"]!.GetValue<string>());
        Assert.Equal("fanout", channel["bindings"]!["amqp"]!["exchange"]!["type"]!.GetValue<string>());
        var message = document["components"]!["messages"]!["SampleRecorded"]!;
        Assert.Equal("se.nacka.org.samples.sample-recorded.v1", message["headers"]!["properties"]!["cloudEvents:type"]!["const"]!.GetValue<string>());
        Assert.Equal("urn:nacka:org:samples", message["headers"]!["properties"]!["cloudEvents:source"]!["const"]!.GetValue<string>());
        var properties = document["components"]!["schemas"]!["SampleRecorded"]!["properties"]!.AsObject().Select(p => p.Key);
        Assert.Equal(["eventId", "occurredAt", "sampleId", "version", "label"], properties);
    }

    [Fact]
    public void A_changed_contract_no_longer_matches_its_catalogue_entry()
    {
        var original = AsyncApiYaml.Read(AsyncApiYaml.Write(AsyncApiGenerator.Build([typeof(Samples.SampleRecorded)])));
        var changed = AsyncApiYaml.Normalise(AsyncApiGenerator.Build([typeof(Samples.SampleRecordedV2)]));
        var same = AsyncApiYaml.Normalise(AsyncApiGenerator.Build([typeof(Samples.SampleRecorded)]));

        Assert.True(JsonNode.DeepEquals(same, original));
        Assert.False(JsonNode.DeepEquals(changed, original));
    }
}
