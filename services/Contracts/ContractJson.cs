using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nacka.Contracts;

/// <summary>
/// The JSON form of every event on the wire and in the replay feed: camelCase properties, enums as
/// strings (codes in camelCase, manager titles as written), dates in ISO 8601. One definition, used by publishers, consumers and the catalogue.
/// </summary>
public static class ContractJson
{
    /// <summary>Serializer options for event payloads (read-only).</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            // Numbers are numbers on the wire (Web defaults would also accept them as strings).
            NumberHandling = JsonNumberHandling.Strict,
        };
        Apply(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// Names and enum forms onto options someone else made (MassTransit's serializer), ahead of
    /// their own converters, so a body on the wire is the payload the outbox stored.
    /// </summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // Manager titles are words people read ("Rektor"), as the API writes them; other enums are camelCase
        // codes. Reading ignores case either way, so events published when titles went camelCase still read.
        options.Converters.Insert(0, new JsonStringEnumConverter<Units.ManagerTitle>());
        options.Converters.Insert(1, new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
