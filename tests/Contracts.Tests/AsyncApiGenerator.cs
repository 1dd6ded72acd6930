using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Xml.Linq;

namespace Nacka.Contracts.Tests;

/// <summary>
/// Builds the AsyncAPI 3 catalogue from the contract types themselves: one channel per exchange,
/// the CloudEvents headers, and the payload's JSON schema as <see cref="ContractJson"/> writes it,
/// with descriptions from the records' doc comments. docs/asyncapi.yaml is this output.
/// </summary>
public static class AsyncApiGenerator
{
    public static JsonObject Build(IEnumerable<Type> eventTypes)
    {
        var channels = new JsonObject();
        var operations = new JsonObject();
        var messages = new JsonObject();
        var schemas = new JsonObject();

        foreach (var type in eventTypes.OrderBy(t => EventNaming.For(t).Exchange, StringComparer.Ordinal))
        {
            var naming = EventNaming.For(type);
            var docs = XmlDocs.For(type.Assembly);
            var channelId = naming.Exchange;
            channels[channelId] = new JsonObject
            {
                ["address"] = naming.Exchange,
                ["description"] = $"Durable fanout exchange. Bind your own queue to it (any routing key) to receive every {type.Name}.",
                ["messages"] = new JsonObject { [type.Name] = Ref($"#/components/messages/{type.Name}") },
                ["bindings"] = new JsonObject
                {
                    ["amqp"] = new JsonObject
                    {
                        ["is"] = "routingKey",
                        ["exchange"] = new JsonObject { ["name"] = naming.Exchange, ["type"] = "fanout", ["durable"] = true, ["autoDelete"] = false,
                            ["vhost"] = "/" },
                        ["bindingVersion"] = "0.3.0",
                    },
                },
            };
            operations["publish" + type.Name] = new JsonObject
            {
                ["action"] = "send",
                ["summary"] = $"The {naming.Service} service publishes {type.Name}.",
                ["channel"] = Ref($"#/channels/{Escape(channelId)}"),
                ["messages"] = new JsonArray(Ref($"#/channels/{Escape(channelId)}/messages/{type.Name}")),
            };
            messages[type.Name] = new JsonObject
            {
                ["name"] = type.Name,
                ["title"] = naming.CloudEventType,
                ["summary"] = docs.Summary(type) ?? type.Name,
                ["contentType"] = "application/json",
                ["headers"] = Headers(naming),
                ["payload"] = Ref($"#/components/schemas/{type.Name}"),
                ["bindings"] = new JsonObject { ["amqp"] = new JsonObject { ["messageType"] = naming.CloudEventType, ["bindingVersion"] = "0.3.0" } },
            };
            schemas[type.Name] = Schema(type, docs);
        }

        return new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Nacka Organisation Platform integration events",
                ["version"] = "1.0.0",
                ["description"] = "Events about how Nacka kommun is organised. Delivery is at-least-once: deduplicate on eventId. "
                    + "Per entity, version is contiguous from 1. Bodies are plain JSON (camelCase); CloudEvents attributes travel "
                    + "as AMQP headers (binary content mode). Backfill from each service's GET /events?after=<position>. "
                    + "Generated from the Nacka.Contracts types: ./build.sh asyncapi.",
            },
            ["defaultContentType"] = "application/json",
            ["servers"] = new JsonObject
            {
                ["local"] = new JsonObject
                {
                    ["host"] = "localhost:55672",
                    ["protocol"] = "amqp",
                    ["protocolVersion"] = "0.9.1",
                    ["description"] = "The broker ./build.sh run starts (local mode).",
                },
            },
            ["channels"] = channels,
            ["operations"] = operations,
            ["components"] = new JsonObject { ["messages"] = messages, ["schemas"] = schemas },
        };
    }

    private static JsonObject Headers(EventNaming naming) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("cloudEvents:specversion", "cloudEvents:id", "cloudEvents:type", "cloudEvents:source", "cloudEvents:time",
            "cloudEvents:subject"),
        ["properties"] = new JsonObject
        {
            ["cloudEvents:specversion"] = new JsonObject { ["type"] = "string", ["const"] = EventNaming.CloudEventsSpecVersion },
            ["cloudEvents:id"] = new JsonObject { ["type"] = "string", ["format"] = "uuid",
                ["description"] = "Same as the payload's eventId and the AMQP message-id." },
            ["cloudEvents:type"] = new JsonObject { ["type"] = "string", ["const"] = naming.CloudEventType },
            ["cloudEvents:source"] = new JsonObject { ["type"] = "string", ["const"] = naming.CloudEventSource },
            ["cloudEvents:time"] = new JsonObject { ["type"] = "string", ["format"] = "date-time", ["description"] = "The payload's occurredAt, UTC." },
            ["cloudEvents:subject"] = new JsonObject { ["type"] = "string", ["format"] = "uuid", ["description"] = "The id of the entity the event is about." },
            ["cloudEvents:datacontenttype"] = new JsonObject { ["type"] = "string", ["const"] = "application/json" },
            ["cloudEvents:traceparent"] = new JsonObject { ["type"] = "string", ["description"] = "W3C trace context of the publish, when traced." },
        },
    };

    private static JsonNode Schema(Type type, XmlDocs docs)
    {
        var options = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                if (node is JsonObject schema && context.PropertyInfo is { } property
                    && docs.Parameter(property.DeclaringType, property.Name) is { } description)
                {
                    schema["description"] = description;
                }

                return node;
            },
        };
        var schemaNode = ContractJson.Options.GetJsonSchemaAsNode(type, options);
        if (schemaNode is JsonObject root)
        {
            root["additionalProperties"] = true; // new optional fields may be added within a version
        }

        return schemaNode;
    }

    private static JsonObject Ref(string target) => new() { ["$ref"] = target };

    private static string Escape(string pointer) => pointer.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Reads the contracts' XML doc comments (summaries and record parameters).</summary>
    private sealed class XmlDocs
    {
        private static readonly Dictionary<Assembly, XmlDocs> Cache = [];
        private readonly Dictionary<string, XElement> _members;

        private XmlDocs(Dictionary<string, XElement> members) => _members = members;

        public static XmlDocs For(Assembly assembly)
        {
            lock (Cache)
            {
                if (!Cache.TryGetValue(assembly, out var docs))
                {
                    var path = Path.ChangeExtension(assembly.Location, ".xml");
                    var members = File.Exists(path)
                        ? XDocument.Load(path).Descendants("member").Where(m => m.Attribute("name") is not null)
                            .GroupBy(m => m.Attribute("name")!.Value).ToDictionary(g => g.Key, g => g.First())
                        : [];
                    Cache[assembly] = docs = new XmlDocs(members);
                }

                return docs;
            }
        }

        public string? Summary(Type type) => _members.TryGetValue("T:" + type.FullName, out var member) ? Clean(member.Element("summary")) : null;

        public string? Parameter(Type? type, string jsonName)
        {
            if (type is null || !_members.TryGetValue("T:" + type.FullName, out var member))
            {
                return null;
            }

            var param = member.Elements("param").FirstOrDefault(p => string.Equals(p.Attribute("name")?.Value, jsonName, StringComparison.OrdinalIgnoreCase));
            return Clean(param);
        }

        private static string? Clean(XElement? element)
        {
            if (element is null)
            {
                return null;
            }

            var text = string.Concat(element.Nodes().Select(n => n is XElement e
                ? (e.Attribute("cref")?.Value.Split('.').Last() ?? e.Attribute("name")?.Value ?? e.Value) : n.ToString()));
            return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }
    }
}
