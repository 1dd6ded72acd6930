using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Nacka.ServiceDefaults.OpenApi;

/// <summary>
/// What every Nacka OpenAPI document says the same way: its title and description, an example of
/// each request in Nacka's own words, the bearer scheme and which operations need it (and their
/// 401/403), the Problem Details every operation can answer (400 for malformed input, 404 for an
/// unknown id), the Idempotency-Key and If-Match headers of writes, and real types for strings.
/// </summary>
public static class NackaOpenApi
{
    public const string BearerScheme = "bearer";

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
        options.AddSchemaTransformer((schema, context, _) =>
        {
            TypesAsTheSerializerReadsThem(schema, context);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(ProblemsHeadersAndSecurityAsync);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = title;
            document.Info.Description = description;
            document.Info.Contact = new OpenApiContact { Name = "Nacka kommun, organisationsregistret", Url = new Uri("https://www.nacka.se") };
            // No server list: the document is read from the service or through the gateway, and
            // calls go to wherever it was read from (a service's own address would be wrong at the gateway).
            document.Servers = [];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT from the municipality's identity provider (locally: ./build.sh token registrar | ks-secretariat). Reads need none.",
            };
            return Task.CompletedTask;
        });
        return options;
    }

    /// <summary>
    /// Request strings go through a converter that refuses NUL characters, and a custom converter
    /// hides the type from the schema generator (it would write <c>{}</c>): put <c>string</c> back,
    /// nullable where the property is, and give arrays their items.
    /// </summary>
    private static void TypesAsTheSerializerReadsThem(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        // The generator lists every constructor parameter as required, but the serializer lets any
        // nullable one be left out (it reads as null, and the rules decide): only the others are.
        if (schema.Required is { Count: > 0 } required && context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object)
        {
            foreach (var property in context.JsonTypeInfo.Properties.Where(p => p.IsGetNullable || p.IsSetNullable))
            {
                required.Remove(property.Name);
            }
        }

        var type = context.JsonTypeInfo.Type;
        if (type == typeof(string) && schema.Type is null)
        {
            var nullable = context.JsonPropertyInfo is { } property && (property.IsGetNullable || property.IsSetNullable);
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        }

        if (schema.Type is { } arrayType && arrayType.HasFlag(JsonSchemaType.Array) && schema.Items is null)
        {
            // A JSON array passed through as it is (JsonArray) holds anything: say so rather than leave items out.
            schema.Items = context.JsonTypeInfo is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } element } && element == typeof(string)
                ? new OpenApiSchema { Type = JsonSchemaType.String }
                : new OpenApiSchema();
        }
    }

    private static async Task ProblemsHeadersAndSecurityAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.Responses ??= [];
        var description = context.Description;
        var document = context.Document!;
        var schemas = (document.Components ??= new OpenApiComponents()).Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!schemas.ContainsKey(nameof(ProblemDetails)))
        {
            schemas[nameof(ProblemDetails)] = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct);
        }

        var problem = new OpenApiSchemaReference(nameof(ProblemDetails), document);
        void Problem(int status, string text)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(key, out var existing))
            {
                operation.Responses[key] = new OpenApiResponse
                {
                    Description = text,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
                };
            }
            else if (existing is OpenApiResponse declared && declared.Description == ReasonPhrases.GetReasonPhrase(status))
            {
                // Declared by the endpoint with only the reason phrase: say what it means here.
                declared.Description = text;
            }
        }

        // Anything that takes input can be handed malformed input (bad JSON, a non-date asOf, a NUL character).
        if (description.ParameterDescriptions.Count > 0 || operation.RequestBody is not null)
        {
            Problem(StatusCodes.Status400BadRequest,
                "Malformed request: a body that is not the JSON asked for, or a parameter of the wrong type or out of range (Problem Details naming it).");
        }

        if (description.RelativePath?.Contains('{', StringComparison.Ordinal) == true)
        {
            Problem(StatusCodes.Status404NotFound, "No record with that id (on that date, where the read takes asOf).");
        }

        var roles = description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy ?? a.Roles).OfType<string>()
            .Distinct().ToList();
        if (roles.Count > 0)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            operation.Description = $"{operation.Description}{(operation.Description is null ? "" : " ")}Needs a bearer token with the role "
                + $"{string.Join(" or ", roles.Select(r => $"`{r}`"))}.";
            Problem(StatusCodes.Status401Unauthorized, "No valid bearer token.");
            Problem(StatusCodes.Status403Forbidden, $"A valid token without the role {string.Join(" or ", roles)}.");
        }

        Explain("409", "A rule of the register refuses it: Problem Details with a `code` (for example duplicate-name) saying which.");
        Explain("412", "If-Match names a version that is no longer current: read the record again and retry on the new ETag.");
        Explain("422", "Values that break a field's rules: `errors` names each field and what is wrong.");
        Explain("503", "The service this answer needs could not answer within the bound: Problem Details naming it in `missing`.");
        void Explain(string status, string text)
        {
            if (operation.Responses.TryGetValue(status, out var declared) && declared is OpenApiResponse response
                && response.Description == ReasonPhrases.GetReasonPhrase(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture)))
            {
                response.Description = text;
            }
        }

        operation.Parameters ??= [];
        if (operation.Responses.ContainsKey("201"))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Required = false,
                Description = "Any unique string (a UUID): a retry with the same key and body gets the first answer again instead of creating a "
                    + "second record; the same key with another body is 422.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
            });
        }
        else if (operation.Responses.ContainsKey("412"))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = false,
                Description = "The ETag read with the record (its version, \"3\"): the change is refused with 412 if someone changed the record since.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }
}
