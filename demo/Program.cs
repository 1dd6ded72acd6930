using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

// Loads Nacka's demo organisation through the gateway's public API, the way a registrar would,
// so the demo exercises the same rules and publishes the same events. Runs once: if any unit
// exists it leaves the registry alone, so a restarted system keeps its own data.
var gateway = Environment.GetEnvironmentVariable("services__gateway__http__0")
    ?? (args.Length > 0 ? args[0] : throw new InvalidOperationException("Pass the gateway URL, or run through the AppHost."));
using var http = new HttpClient { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromSeconds(30) };
// Writes need a registrar's token; locally the AppHost hands the loader the signing key.
var signingKey = Environment.GetEnvironmentVariable("Authentication__Jwt__SigningKey")
    ?? throw new InvalidOperationException("No signing key: run through the AppHost (which sets Authentication__Jwt__SigningKey).");
http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
    Nacka.DevTokens.DevelopmentTokens.Create(signingKey, "Demodata (demo-loader)", ["registrar"]));
var data = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "nacka-demo.json")))!;

var existing = await http.GetFromJsonAsync<JsonObject>("/api/units?status=all&pageSize=1");
if (existing!["totalCount"]!.GetValue<int>() > 0)
{
    Console.WriteLine($"Demo data not loaded: the registry already holds {existing["totalCount"]} unit(s).");
    return 0;
}

var directorIds = new Dictionary<string, Guid>();
foreach (var director in data["directors"]!.AsArray())
{
    var post = await SendAsync(HttpMethod.Post, "/api/directors", new { title = director!["title"]!.GetValue<string>(), createdOn = "2010-01-01", reason = "Demodata" });
    var id = post["id"]!.GetValue<Guid>();
    directorIds[director["key"]!.GetValue<string>()] = id;
    if (director["holder"] is { } holder)
    {
        await SendAsync(HttpMethod.Post, $"/api/directors/{id}/appointments", new { name = holder.GetValue<string>(), validFrom = "2010-01-01", reason = "Demodata" });
    }
}

var units = 0;
foreach (var unit in data["units"]!.AsArray())
{
    var body = unit!.DeepClone().AsObject();
    body["directorPostId"] = directorIds[body["director"]!.GetValue<string>()];
    body.Remove("director");
    body["reason"] = "Demodata";
    await SendAsync(HttpMethod.Post, "/api/units", body);
    units++;
}

Console.WriteLine($"Loaded {directorIds.Count} director posts and {units} units through {gateway}.");
return 0;

async Task<JsonObject> SendAsync(HttpMethod method, string path, object body)
{
    using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web)) };
    using var response = await http.SendAsync(request);
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
    }

    return JsonNode.Parse(text)!.AsObject();
}
