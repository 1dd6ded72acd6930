using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nacka.Testing;

namespace Nacka.Units.Tests.Api;

/// <summary>The Units HTTP API as a registrar uses it, with just enough sugar to keep tests readable.</summary>
public sealed class UnitsClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<JsonObject> CreateDirectorAsync(string title, string? holder = "Anna Svensson", string createdOn = "2020-01-01")
    {
        var post = await OkAsync(await http.PostAsJsonAsync("/api/directors", new { title, createdOn }), HttpStatusCode.Created);
        if (holder is not null)
        {
            post = await OkAsync(await http.PostAsJsonAsync($"/api/directors/{post["id"]}/appointments",
                new { name = holder, validFrom = createdOn, reason = "Anställd" }));
        }

        return post;
    }

    public static object UnitBody(string name, Guid directorPostId, string kind = "forskola", string establishedOn = "2024-01-01",
        object[]? identifiers = null) => new
    {
        name,
        kind,
        managerTitle = "Rektor",
        directorPostId,
        establishedOn,
        identifiers = identifiers ?? [],
        visitingAddress = new { street = "Granitvägen 15", postalCode = "131 81", city = "Nacka" },
        contact = new { phone = "08-718 80 00", email = "info@nacka.se" },
    };

    public async Task<JsonObject> CreateUnitAsync(string name, Guid directorPostId, string kind = "forskola", string establishedOn = "2024-01-01",
        object[]? identifiers = null) =>
        await OkAsync(await http.PostAsJsonAsync("/api/units", UnitBody(name, directorPostId, kind, establishedOn, identifiers)), HttpStatusCode.Created);

    public async Task<JsonObject> GetAsync(string path) => await OkAsync(await http.GetAsync(path));

    public static Task<JsonObject> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK) => Answers.OkAsync(response, expected);

    public static Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected) => Answers.ProblemAsync(response, expected);

    public static Guid Id(JsonObject entity) => entity["id"]!.GetValue<Guid>();

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
