using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Nacka.Portal.SignIn;

namespace Nacka.Portal.Register;

/// <summary>
/// The register's API through the gateway, as the signed-in user: the user's access token, kept in
/// the session on the server, goes on each call (<see cref="UserTokenHandler"/>). Reads are public.
/// </summary>
public sealed class RegisterClient(HttpClient http)
{
    /// <summary>
    /// A read: the JSON, or null when the register says there is no such thing (4xx). A register
    /// that does not answer (5xx, no connection) is <see cref="RegisterUnavailableException"/>, never
    /// "not found": the page says the register is away rather than that the record is gone.
    /// </summary>
    public async Task<JsonNode?> GetAsync(string path, CancellationToken ct = default) => (await GetRecordAsync(path, ct)).Body;

    /// <summary>
    /// A record for a form: its JSON, as <see cref="GetAsync"/> reads it, and the version a change of it must name in
    /// <c>If-Match</c> (<see cref="RecordRead.Version"/>).
    /// </summary>
    public async Task<RecordRead> GetRecordAsync(string path, CancellationToken ct = default)
    {
        try
        {
            using var response = await http.GetAsync(path, ct);
            if ((int)response.StatusCode >= 500)
            {
                throw new RegisterUnavailableException(path, $"answered {(int)response.StatusCode}");
            }

            if (!response.IsSuccessStatusCode || JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) is not { } body)
            {
                return new RecordRead(null, null);
            }

            // A list has neither (a page of records, no ETag); a record without an ETag keeps the version its body names.
            return new RecordRead(body, int.TryParse(response.Headers.ETag?.Tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var latest)
                ? latest
                : (body as JsonObject)?["version"] is JsonValue shown && shown.TryGetValue<int>(out var version) ? version : null);
        }
        catch (Exception e) when (IsOutage(e, ct))
        {
            throw new RegisterUnavailableException(path, e.Message, e);
        }
    }

    /// <summary>
    /// Every item of a list read, following each page's <c>next</c> (lists that page by token, such as the units) for at most
    /// <paramref name="maxPages"/> pages, so a choice offers every unit rather than the first page's; a plain array is its own items.
    /// </summary>
    public async Task<List<JsonNode>> AllItemsAsync(string path, int maxPages = 50, CancellationToken ct = default)
    {
        var items = new List<JsonNode>();
        var next = path;
        for (var page = 0; page < maxPages && next is not null; page++)
        {
            var answer = await GetAsync(next, ct);
            items.AddRange((answer as JsonArray ?? answer?["items"] as JsonArray ?? []).OfType<JsonNode>());
            next = (answer as JsonObject)?["next"]?.GetValue<string>() is { } token
                ? $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}after={Uri.EscapeDataString(token)}"
                : null;
        }

        return items;
    }

    /// <summary>
    /// A write: <paramref name="ifMatch"/> the version the page showed (a change made meanwhile is
    /// 412, never overwritten), <paramref name="idempotencyKey"/> one per form (a double click or a
    /// resubmit after a timeout does it once).
    /// </summary>
    public async Task<WriteAnswer> SendAsync(HttpMethod method, string path, object body, int? ifMatch, string idempotencyKey, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        if (ifMatch is { } version)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        }

        try
        {
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var json = (int)response.StatusCode < 500 && !string.IsNullOrWhiteSpace(text) ? JsonNode.Parse(text) : null;
            return new WriteAnswer(response.StatusCode, json);
        }
        catch (Exception e) when (IsOutage(e, ct))
        {
            // The form stays on the page with what the user typed; the same Idempotency-Key makes a retry safe.
            return new WriteAnswer(HttpStatusCode.ServiceUnavailable, null);
        }
    }

    /// <summary>
    /// No answer: no connection, or the resilience pipeline gave up (its timeout, or an open circuit
    /// after repeated failures) — but not the user's own request being aborted.
    /// </summary>
    private static bool IsOutage(Exception e, CancellationToken ct) =>
        e is HttpRequestException or Polly.ExecutionRejectedException || (e is OperationCanceledException && !ct.IsCancellationRequested);
}

/// <summary>
/// A record as read for a form (<paramref name="Body"/> null: there is no such record). <paramref name="Version"/> is the record's
/// latest version, from the answer's <c>ETag</c>: what <c>If-Match</c> must name. The body's <c>version</c> is the revision in
/// effect on the day shown (today), older than the latest whenever a change is scheduled ahead: a form that sent it was refused
/// as stale until that day came (until 2026-12-04).
/// </summary>
public sealed record RecordRead(JsonNode? Body, int? Version);

/// <summary>The register (gateway or a service behind it) did not answer a read.</summary>
public sealed class RegisterUnavailableException(string path, string reason, Exception? inner = null)
    : Exception($"The register did not answer GET {path}: {reason}", inner);

/// <summary>What a write answered: the record, or Problem Details (field errors, a rule code).</summary>
public sealed record WriteAnswer(HttpStatusCode Status, JsonNode? Body)
{
    public bool Succeeded => (int)Status is >= 200 and < 300;

    /// <summary>Field → messages, from a 400/422 Problem Details' <c>errors</c>.</summary>
    public IReadOnlyDictionary<string, string[]> FieldErrors => Body?["errors"] is JsonObject errors
        ? errors.ToDictionary(e => e.Key, e => e.Value is JsonArray list ? list.Select(m => m?.ToString() ?? "").ToArray() : [e.Value?.ToString() ?? ""],
            StringComparer.OrdinalIgnoreCase)
        : new Dictionary<string, string[]>();

    public string? Code => Body?["code"]?.GetValue<string>();

    public string? Detail => Body?["detail"]?.GetValue<string>();

    /// <summary>Someone saved this record after the page showed it (412): nothing was overwritten.</summary>
    public bool IsStale => Status == HttpStatusCode.PreconditionFailed;

    /// <summary>The sign-in has run out (the access token could not be renewed): nothing was saved.</summary>
    public bool IsSignedOut => Status == HttpStatusCode.Unauthorized;

    /// <summary>The register did not answer: whether the change was saved is unknown until it is sent again.</summary>
    public bool IsUnavailable => (int)Status >= 500;

    /// <summary>What a form says when the register does not answer its save (or the look-up before it): what was typed stays on the page.</summary>
    public const string UnavailableMessage =
        "Registret svarar inte just nu. Det du skrev finns kvar: spara igen om en stund – ändringen görs bara en gång, även om den redan hann sparas.";

    /// <summary>What the page says above the form when the write did not succeed, in Swedish.</summary>
    public string Message => IsStale
        ? "Någon annan har ändrat posten sedan du öppnade den. Här är den som den ser ut nu; kontrollera och spara igen."
        : IsSignedOut
            ? "Din inloggning har gått ut, så ingenting sparades. Det du skrev finns kvar: logga in igen i en ny flik och spara sedan här."
        : IsUnavailable
            ? UnavailableMessage
            : FieldErrors.Count > 0 ? "Rätta uppgifterna som är markerade." : RuleTexts.For(Code, Detail);
}

/// <summary>Puts the signed-in user's access token (kept in the session, renewed before it runs out) on calls to the register.</summary>
public sealed class UserTokenHandler(IHttpContextAccessor accessor, UserTokens tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext is { User.Identity.IsAuthenticated: true } context
            && await tokens.AccessTokenAsync(context, cancellationToken) is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

public static class RegisterClientExtensions
{
    public static WebApplicationBuilder AddRegisterClient(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UserTokens>();
        builder.Services.AddTransient<UserTokenHandler>();
        // A person waits for each call: not the standard pipeline every other client has (ServiceDefaults), whose retries of a
        // 5xx wait about 2, 4 and 8 s (30 s in all), so with a service down a page or a save took many seconds to say the
        // register does not answer. Two quick retries cover a blip; saving again is safe (the same Idempotency-Key goes with it).
        // The attempt's bound is the gateway's own (a write queued there 10 s is answered 504).
        builder.Services.AddHttpClient<RegisterClient>(http => http.BaseAddress = new Uri(builder.Configuration["Portal:Gateway"] ?? "http://gateway"))
            .AddHttpMessageHandler<UserTokenHandler>()
            .WithOwnResilience("register", (pipeline, _) => pipeline
                .AddTimeout(TimeSpan.FromSeconds(15))
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2, Delay = TimeSpan.FromMilliseconds(250), BackoffType = DelayBackoffType.Exponential, UseJitter = true,
                })
                .AddTimeout(TimeSpan.FromSeconds(11)));
        return builder;
    }
}
