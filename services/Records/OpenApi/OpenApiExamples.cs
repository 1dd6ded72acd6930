using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;

namespace Nacka.Records.OpenApi;

public static class OpenApiExamples
{
    /// <summary>
    /// The document's title and description, and an example for each request type in Nacka's own
    /// words, so a reader of /openapi/v1.json sees what a real request looks like rather than "string".
    /// </summary>
    public static OpenApiOptions Describe(this OpenApiOptions options, string title, string description, IReadOnlyDictionary<Type, object> examples)
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is null && examples.TryGetValue(context.JsonTypeInfo.Type, out var example))
            {
                schema.Examples = [JsonSerializer.SerializeToNode(example, example.GetType(), json)!];
            }

            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = title;
            document.Info.Description = description;
            return Task.CompletedTask;
        });
        return options;
    }
}
