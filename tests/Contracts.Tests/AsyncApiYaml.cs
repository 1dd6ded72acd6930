using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Nacka.Contracts.Tests;

/// <summary>Writes and reads the catalogue as YAML, compared as JSON trees so formatting never matters.</summary>
public static class AsyncApiYaml
{
    public static string Write(JsonNode document) =>
        new SerializerBuilder().DisableAliases().WithQuotingNecessaryStrings().Build().Serialize(ToPlain(document));

    public static JsonNode? Read(string yaml)
    {
        var graph = new DeserializerBuilder().Build().Deserialize<object?>(yaml);
        // Through JSON to get a JsonNode; scalars come back as strings, so the generated tree is normalised the same way.
        return Normalise(JsonSerializer.SerializeToNode(graph));
    }

    public static JsonNode? Normalise(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Normalise(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Normalise).ToArray()),
        JsonValue v => JsonValue.Create(v.ToJsonString().Trim('"') is var s && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : s),
        _ => null,
    };

    private static object? ToPlain(JsonNode? node) => node switch
    {
        JsonObject o => o.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray a => a.Select(ToPlain).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        },
        _ => null,
    };
}
