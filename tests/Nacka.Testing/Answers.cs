using System.Net;
using System.Text.Json.Nodes;

namespace Nacka.Testing;

/// <summary>Reading a service's answers in tests: the expected status or a failure that shows the body.</summary>
public static class Answers
{
    public static async Task<JsonObject> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Reads a Problem Details answer, checking its status and media type.</summary>
    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            throw new InvalidOperationException($"Expected problem details, got {response.Content.Headers.ContentType}: {body}");
        }

        return JsonNode.Parse(body)!.AsObject();
    }

    public static Guid Id(JsonObject entity) => entity["id"]!.GetValue<Guid>();
}
