using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

// Loads Nacka's demo organisation through the gateway's public API, the way a registrar would,
// so the demo exercises the same rules and publishes the same events. Each part loads once: units
// and directors when no unit exists, committees and assignments when no committee exists, so a
// restarted system keeps its own data and an older one gains what it lacks; mandates likewise.
var gateway = Environment.GetEnvironmentVariable("services__gateway__http__0")
    ?? (args.Length > 0 ? args[0] : throw new InvalidOperationException("Pass the gateway URL, or run through the AppHost."));
using var http = new HttpClient { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromSeconds(30) };
// Writes need a token: the loader is a machine client of the identity provider (client
// credentials), holding the registrar's and the KS secretariat's roles.
var authority = Environment.GetEnvironmentVariable("Identity__Authority")
    ?? throw new InvalidOperationException("No identity provider: run through the AppHost (which sets Identity__Authority, Identity__ClientId, "
        + "Identity__ClientSecret).");
var token = await Nacka.DevTokens.ProviderTokens.GetAsync(new Uri(authority), Environment.GetEnvironmentVariable("Identity__ClientId") ?? "demo-loader",
    Environment.GetEnvironmentVariable("Identity__ClientSecret") ?? "");
http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
using var secretariat = new HttpClient { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromSeconds(30) };
secretariat.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
var data = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "nacka-demo.json")))!;

if (await CountAsync("/api/units?status=all&pageSize=1") is var units and > 0)
{
    Console.WriteLine($"Units and directors not loaded: the registry already holds {units} unit(s).");
}
else
{
    await LoadUnitsAsync();
}

if (await CountAsync("/api/committees?status=all&pageSize=1") is var committees and > 0)
{
    Console.WriteLine($"Committees and assignments not loaded: the registry already holds {committees} committee(s).");
}
else
{
    await LoadCommitteesAsync();
}

if (await CountAsync("/api/mandates?pageSize=1") is var mandates and > 0)
{
    Console.WriteLine($"Mandates not loaded: the registry already holds {mandates} mandate(s).");
}
else
{
    await LoadMandatesAsync();
}

if (await CountAsync("/api/processes?status=all&pageSize=1") is var processes and > 0)
{
    Console.WriteLine($"Processes not loaded: the registry already holds {processes} process(es).");
}
else
{
    await LoadProcessesAsync();
}

return 0;

async Task LoadUnitsAsync()
{
    var directorIds = new Dictionary<string, Guid>();
    foreach (var director in data["directors"]!.AsArray())
    {
        var post = await SendAsync("/api/directors", new { title = director!["title"]!.GetValue<string>(), createdOn = "2010-01-01", reason = "Demodata" });
        var id = post["id"]!.GetValue<Guid>();
        directorIds[director["key"]!.GetValue<string>()] = id;
        if (director["holder"] is { } holder)
        {
            await SendAsync($"/api/directors/{id}/appointments", new { name = holder.GetValue<string>(), validFrom = "2010-01-01", reason = "Demodata" });
        }
    }

    foreach (var unit in data["units"]!.AsArray())
    {
        var body = unit!.DeepClone().AsObject();
        body["directorPostId"] = directorIds[body["director"]!.GetValue<string>()];
        body.Remove("director");
        body["reason"] = "Demodata";
        await SendAsync("/api/units", body);
    }

    Console.WriteLine($"Loaded {directorIds.Count} director posts and {data["units"]!.AsArray().Count} units through {gateway}.");
}

// Committees learn units and directors from the Units events: a write naming one that has not
// arrived yet is answered 422 and retried for a while.
async Task LoadCommitteesAsync()
{
    var titles = data["directors"]!.AsArray().ToDictionary(d => d!["key"]!.GetValue<string>(), d => d!["title"]!.GetValue<string>());
    var directorIds = (await http.GetFromJsonAsync<JsonArray>("/api/directors"))!.ToDictionary(d => d!["title"]!.GetValue<string>(), d =>
        d!["id"]!.GetValue<Guid>());
    var unitIds = new Dictionary<string, Guid>();
    for (var page = 1; ; page++)
    {
        var list = (await http.GetFromJsonAsync<JsonObject>($"/api/units?status=all&pageSize=200&page={page}"))!;
        foreach (var unit in list["items"]!.AsArray())
        {
            unitIds[unit!["name"]!.GetValue<string>()] = unit["id"]!.GetValue<Guid>();
        }

        if (page * 200 >= list["totalCount"]!.GetValue<int>())
        {
            break;
        }
    }

    var committeeIds = new Dictionary<string, Guid>();
    foreach (var committee in data["committees"]!.AsArray())
    {
        var name = committee!["name"]!.GetValue<string>();
        var created = await SendAsync("/api/committees", new
        {
            name,
            kind = committee["kind"]!.GetValue<string>(),
            area = committee["area"]!.GetValue<string>(),
            linkDirectorPostIds = committee["links"]!.AsArray().Select(k => directorIds[titles[k!.GetValue<string>()]]).ToArray(),
            establishedOn = "2015-01-01",
            reason = "Demodata",
        }, retryUnknown: true);
        committeeIds[name] = created["id"]!.GetValue<Guid>();
    }

    var number = 0;
    foreach (var assignment in data["assignments"]!.AsArray())
    {
        var committee = assignment!["committee"]!.GetValue<string>();
        var issued = await SendAsync("/api/assignments", new
        {
            committeeId = committeeIds[committee],
            unitId = unitIds[assignment["unit"]!.GetValue<string>()],
            title = assignment["title"]!.GetValue<string>(),
            description = (string?)null,
            from = assignment["from"]!.GetValue<string>(),
            to = assignment["to"]?.GetValue<string>(),
            responsibleDirectorPostId = assignment["director"] is { } key ? directorIds[titles[key.GetValue<string>()]] : (Guid?)null,
            decision = new { body = committee, date = "2025-12-10", paragraph = $"§ {++number + 100}", caseNumber = $"KFKS 2025/{number + 400}" },
        }, retryUnknown: true);
        if (assignment["briefedOn"] is { } briefedOn)
        {
            await SendAsync($"/api/assignments/{issued["id"]}/briefing",
                new { briefedOn = briefedOn.GetValue<string>(), note = "Genomgång med enhetens chef" });
        }
    }

    Console.WriteLine($"Loaded {committeeIds.Count} committees and {number} assignments through {gateway}.");
}

// Every demo unit's manager gets a mandate from kommunstyrelsen, except the units named in
// "withoutManager"; units in "replacedManagers" had another manager until last year.
async Task LoadMandatesAsync()
{
    var ks = (await http.GetFromJsonAsync<JsonObject>("/api/committees/executive-board"))!["id"]!.GetValue<Guid>();
    var people = data["managers"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
    var without = data["withoutManager"]!.AsArray().Select(n => n!.GetValue<string>()).ToHashSet();
    var replaced = data["replacedManagers"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
    var units = (await http.GetFromJsonAsync<JsonObject>("/api/units?pageSize=200"))!["items"]!.AsArray();
    var granted = 0;
    foreach (var unit in units.Where(u => !without.Contains(u!["name"]!.GetValue<string>())))
    {
        var name = unit!["name"]!.GetValue<string>();
        var title = unit["managerTitle"]!.GetValue<string>();
        if (replaced.TryGetValue(name, out var previous))
        {
            await GrantAsync(unit["id"]!.GetValue<Guid>(), previous, title, "2019-08-01", "2019-06-12", 40);
            granted++;
        }

        await GrantAsync(unit["id"]!.GetValue<Guid>(), people[granted % people.Count], title, replaced.ContainsKey(name) ? "2025-08-01" : "2023-01-01",
            replaced.ContainsKey(name) ? "2025-06-11" : "2022-12-14", 100 + granted);
        granted++;
    }

    Console.WriteLine($"Loaded {granted} mandates through {gateway}.");

    Task<JsonObject> GrantAsync(Guid unitId, string holder, string title, string validFrom, string decisionDate, int paragraph) =>
        SendAsync("/api/mandates", new
        {
            unitId,
            holder = new { name = holder },
            title,
            decision = new { committeeId = ks, date = decisionDate, paragraph = $"§ {paragraph}", caseNumber = $"KFKS {decisionDate[..4]}/{paragraph + 200}" },
            validFrom,
            reason = "Demodata",
        }, retryUnknown: true, client: secretariat);
}

// The processes with their owners, units, contractors and management groups; Processes learns
// directors, units and managers from events, so a write naming one not yet known is retried.
async Task LoadProcessesAsync()
{
    var titles = data["directors"]!.AsArray().ToDictionary(d => d!["key"]!.GetValue<string>(), d => d!["title"]!.GetValue<string>());
    var directorIds = (await http.GetFromJsonAsync<JsonArray>("/api/directors"))!.ToDictionary(d => d!["title"]!.GetValue<string>(), d =>
        d!["id"]!.GetValue<Guid>());
    var unitIds = (await http.GetFromJsonAsync<JsonObject>("/api/units?status=all&pageSize=200"))!["items"]!.AsArray()
        .ToDictionary(u => u!["name"]!.GetValue<string>(), u => u!["id"]!.GetValue<Guid>());
    Guid Director(JsonNode key) => directorIds[titles[key.GetValue<string>()]];
    foreach (var process in data["processes"]!.AsArray())
    {
        var created = await SendAsync("/api/processes", new
        {
            name = process!["name"]!.GetValue<string>(),
            kind = process["kind"]!.GetValue<string>(),
            purpose = process["purpose"]!.GetValue<string>(),
            delivers = process["delivers"]!.GetValue<string>(),
            ownerDirectorPostId = Director(process["owner"]!),
            establishedOn = "2016-01-01",
            reason = "Demodata",
        }, retryUnknown: true);
        var id = created["id"]!.GetValue<Guid>();
        foreach (var unit in process["units"]!.AsArray())
        {
            await SendAsync($"/api/processes/{id}/units", new { unitId = unitIds[unit![0]!.GetValue<string>()], role = unit[1]!.GetValue<string>(),
                from = "2016-01-01" },
                retryUnknown: true);
        }

        foreach (var actor in process["actors"]!.AsArray())
        {
            var engagement = actor!.DeepClone().AsObject();
            engagement["from"] = "2020-01-01";
            await SendAsync($"/api/processes/{id}/actors", engagement);
        }

        foreach (var seat in process["seats"]!.AsArray())
        {
            await SendAsync($"/api/processes/{id}/seats", new
            {
                kind = seat!["kind"]!.GetValue<string>(),
                directorPostId = seat["director"] is { } director ? Director(director) : (Guid?)null,
                unitId = seat["unit"] is { } unit ? unitIds[unit.GetValue<string>()] : (Guid?)null,
                organisationsnummer = seat["organisationsnummer"]?.GetValue<string>(),
                representativeName = seat["representativeName"]?.GetValue<string>(),
                from = "2024-01-01",
            }, retryUnknown: true);
        }
    }

    Console.WriteLine($"Loaded {data["processes"]!.AsArray().Count} processes through {gateway}.");
}

async Task<int> CountAsync(string path) => (await http.GetFromJsonAsync<JsonObject>(path))!["totalCount"]!.GetValue<int>();

async Task<JsonObject> SendAsync(string path, object body, bool retryUnknown = false, HttpClient? client = null)
{
    for (var attempt = 1; ; attempt++)
    {
        using var response = await (client ?? http).PostAsJsonAsync(path, body, json);
        var text = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode)
        {
            return JsonNode.Parse(text)!.AsObject();
        }

        // Events reach the other services within milliseconds once they run: a short wait, for up to a minute.
        if (!(retryUnknown && response.StatusCode == HttpStatusCode.UnprocessableEntity && attempt < 300))
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        await Task.Delay(TimeSpan.FromMilliseconds(200));
    }
}
