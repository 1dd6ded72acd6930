using System.Text.Json.Nodes;

namespace Nacka.Testing.BadInput;

/// <summary>A property of a request body as its schema declares it.</summary>
public sealed record PropertySchema(IReadOnlyList<string> Types, string? Format, bool IsReference);

public sealed record BodyProperty(string Name, PropertySchema Schema);

/// <summary>One operation of an OpenAPI document, with what the generator needs to get it wrong.</summary>
public sealed record ApiOperation(
    string Method,
    string Path,
    IReadOnlyList<string> PathParameters,
    IReadOnlyList<BodyProperty> Query,
    JsonObject? BodySchema,
    JsonNode? BodyExample,
    IReadOnlyList<BodyProperty> BodyProperties,
    IReadOnlyList<string> RequiredProperties)
{
    public override string ToString() => $"{Method} {Path}";

    /// <summary>
    /// Every operation in <paramref name="document"/>, its path mapped by <paramref name="route"/>
    /// (a service's <c>/events</c> is <c>/events/&lt;service&gt;</c> at the gateway).
    /// </summary>
    public static IReadOnlyList<ApiOperation> All(JsonNode document, Func<string, string> route)
    {
        var schemas = document["components"]?["schemas"]?.AsObject() ?? [];
        JsonObject Resolve(JsonNode node) =>
            node["$ref"]?.GetValue<string>() is { } reference ? schemas[reference.Split('/')[^1]]!.AsObject() : node.AsObject();

        var operations = new List<ApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var parameters = operation!["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
                var pathParameters = parameters.Where(p => p["in"]!.GetValue<string>() == "path").Select(p => p["name"]!.GetValue<string>()).ToList();
                var query = parameters.Where(p => p["in"]!.GetValue<string>() == "query")
                    .Select(p => new BodyProperty(p["name"]!.GetValue<string>(), Describe(p["schema"]!))).ToList();
                var bodySchema = operation["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema ? Resolve(schema) : null;
                var properties = bodySchema?["properties"]?.AsObject().Select(p => new BodyProperty(p.Key, Describe(p.Value!))).ToList() ?? [];
                var required = bodySchema?["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToList() ?? [];
                operations.Add(new ApiOperation(method.ToUpperInvariant(), route(path), pathParameters, query, bodySchema,
                    bodySchema?["examples"]?[0]?.DeepClone(), properties, required));
            }
        }

        return operations;
    }

    private static PropertySchema Describe(JsonNode schema)
    {
        // Nullable references are written oneOf [null, $ref]; nullable values as type [null, T].
        var alternatives = schema["oneOf"]?.AsArray().Select(a => a!).ToList() ?? [schema];
        var types = new List<string>();
        var isReference = false;
        foreach (var alternative in alternatives)
        {
            isReference |= alternative["$ref"] is not null;
            switch (alternative["type"])
            {
                case JsonArray many: types.AddRange(many.Select(t => t!.GetValue<string>())); break;
                case JsonValue one: types.Add(one.GetValue<string>()); break;
            }
        }

        return new PropertySchema(types, schema["format"]?.GetValue<string>() ?? alternatives.Select(a => a["format"]?.GetValue<string>())
            .FirstOrDefault(f => f is not null), isReference);
    }
}
