using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Nacka.Testing.BadInput;

/// <summary>One request that is wrong on purpose, and in what way.</summary>
public sealed record BadRequest(string Method, string PathAndQuery, byte[]? Body, string? IfMatch, string? IdempotencyKey, string What)
{
    public override string ToString()
    {
        var body = Body is null ? "" : " body " + Encoding.UTF8.GetString(Body[..Math.Min(Body.Length, 200)]).Replace("\n", " ", StringComparison.Ordinal);
        return $"[{What}] {Method} {PathAndQuery[..Math.Min(PathAndQuery.Length, 300)]}{body}";
    }
}

/// <summary>
/// Generates requests that must be refused, for one operation of an OpenAPI document: junk in path
/// ids and query values (wrong types, impossible dates, huge and negative numbers, SQL and script
/// fragments, control characters, invalid percent-encoding), and bodies that are malformed JSON,
/// invalid UTF-8, the wrong JSON type, the example with a field of the wrong type, an unknown field,
/// a required field missing, or a string far over any limit (the longest field takes 4,000 characters). Every case carries at least one thing
/// that is wrong, so a success is a bug as much as a 5xx is.
/// </summary>
public static class BadRequests
{
    /// <summary>False for a route with no path id, query or body: there is nothing to send it wrong.</summary>
    public static bool TakesInput(ApiOperation operation) =>
        operation.BodySchema is not null || operation.Query.Count > 0 || operation.PathParameters.Count > 0;

    private static readonly string[] Nasty =
    [
        "' OR '1'='1", "1; DROP TABLE units; --", "\" OR \"\"=\"", "<script>alert(1)</script>", "javascript:alert(1)", "../../../etc/passwd",
        "${jndi:ldap://x/a}", "{{7*7}}", "%s%s%s%n", "\u202egnp.exe", "🦄🦄", "Ä\u0308lta", "\u0001\u0002\u001f", "\t\r\n", " ", "",
        "null", "undefined", "NaN", "Infinity", "-1", "0", "-2147483649", "2147483648", "99999999999999999999999", "1e309", "0x1F", "true",
        "2026-02-30", "2026-13-01", "0000-00-00", "9999-99-99", "yesterday", "2026-1-1", "01/02/2026", "00000000-0000-0000-0000-00000000000g",
    ];

    /// <summary>Strings no field should take: a nasty value, random text (any Unicode, control characters), or a very long one.</summary>
    public static readonly Gen<string> JunkText = Gen.Frequency(
        (4, Gen.OneOf(Nasty)),
        (2, Gen.String),
        (1, Gen.Char[(char)0, (char)31].Array[1, 20].Select(c => new string(c))),
        (1, Gen.Int[300, 5_000].Select(n => new string('x', n))));

    /// <summary>
    /// A value for a path parameter: junk, or a raw percent-encoding that is not UTF-8. Not "." or "..":
    /// those are dot segments, removed by the client before the request leaves (RFC 3986 §5.2.4), so
    /// "/api/mandates/." is the list and rightly answers 200 (CI seed 7sLQ7C39z-11).
    /// </summary>
    private static readonly Gen<string> JunkParameter = Gen.Frequency(
        (6, JunkText.Where(t => !Guid.TryParse(t, out _) && t is not ("." or "..")).Select(Uri.EscapeDataString)),
        (1, Gen.OneOf("%C3%28", "%FF%FE", "%ZZ", "%", "%00", "%E2%82", "a%00b")));

    private static readonly Gen<string> RawPercentJunk = Gen.OneOf("%C3%28", "%FF%FE", "%ZZ", "%", "%E2%82");

    /// <summary>
    /// A query value its parameter cannot take: for a typed one (id, date, number, flag) any value
    /// that does not parse or is out of range; free text takes anything but a NUL character.
    /// </summary>
    private static Gen<string> JunkQueryValue(PropertySchema schema) => schema switch
    {
        { Format: "uuid" } => Gen.Frequency((5, JunkText.Where(t => t.Length > 0 && !Guid.TryParse(t, out _)).Select(Uri.EscapeDataString)),
            (1, RawPercentJunk)),
        { Format: "date" } => Gen.Frequency(
            (5, JunkText.Where(t => t.Length > 0 && !DateOnly.TryParseExact(t, "yyyy-MM-dd", out _)
                && !DateOnly.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out _)).Select(Uri.EscapeDataString)),
            (1, RawPercentJunk)),
        _ when schema.Types.Contains("integer") => Gen.Frequency(
            (3, Gen.OneOf("abc", "1.5", "1e3", "0x10", "99999999999999999999", "-99999999999999999999", "NaN", "1,000", "--1").Select(Uri.EscapeDataString)),
            (2, JunkText.Where(t => t.Trim().Length > 0 && !long.TryParse(t, out _)).Select(Uri.EscapeDataString)),
            (1, RawPercentJunk)),
        _ when schema.Types.Contains("boolean") => Gen.OneOf("maybe", "2", "yes", "tru", "%00", "%ZZ"),
        _ => Gen.Select(JunkText, JunkText, (a, b) => Uri.EscapeDataString(a) + "%00" + Uri.EscapeDataString(b)),
    };

    public static Gen<BadRequest> For(ApiOperation operation)
    {
        var path = PathGen(operation);
        var query = QueryGen(operation);
        if (operation.BodySchema is null)
        {
            // A read or a body-less write: something in its path or query must be wrong.
            if (!TakesInput(operation))
            {
                throw new ArgumentException($"{operation} takes no input to get wrong.", nameof(operation));
            }

            var hasQuery = operation.Query.Count > 0;
            var hasPathId = operation.PathParameters.Count > 0;

            return Gen.Select(Gen.Bool, path, query, JunkParameter, (junkInPath, p, q, junk) =>
                hasPathId && (junkInPath || !hasQuery)
                    ? new BadRequest(operation.Method, p.WithJunk + q.Valid, null, null, null, "junk in the path")
                    : new BadRequest(operation.Method, p.Valid + q.WithJunk, null, null, null, "junk in the query"));
        }

        return Gen.Select(path, query, Body(operation), Headers, (p, q, body, headers) =>
            new BadRequest(operation.Method, p.Valid + q.Valid, body.Bytes, headers.IfMatch, headers.Key, body.What));
    }

    private sealed record Parts(string Valid, string WithJunk);

    /// <summary>The path with each id a random (unknown) one, and the same path with one id replaced by junk.</summary>
    private static Gen<Parts> PathGen(ApiOperation operation) =>
        Gen.Select(Gen.Guid.Array[Math.Max(1, operation.PathParameters.Count)], JunkParameter,
            Gen.Int[0, Math.Max(0, operation.PathParameters.Count - 1)], (ids, junk, which) =>
        {
            string Fill(int junkAt)
            {
                var path = operation.Path;
                for (var i = 0; i < operation.PathParameters.Count; i++)
                {
                    var value = i == junkAt ? junk : ids[i].ToString();
                    path = path.Replace("{" + operation.PathParameters[i] + "}", value.Length == 0 ? "%20" : value, StringComparison.Ordinal);
                }

                return path;
            }

            return new Parts(Fill(-1), Fill(which));
        });

    /// <summary>No query at all, and one with junk in one to three of the declared parameters.</summary>
    private static Gen<Parts> QueryGen(ApiOperation operation) => operation.Query.Count == 0
        ? Gen.Const(new Parts("", ""))
        : Gen.OneOf([.. operation.Query.Select(p => JunkQueryValue(p.Schema).Select(v => $"{p.Name}={v}"))]).Array[1, 3]
            .Select(pairs => new Parts("", "?" + string.Join("&", pairs.DistinctBy(p => p[..p.IndexOf('=', StringComparison.Ordinal)]))));

    private sealed record BodyCase(byte[] Bytes, string What);

    private static Gen<BodyCase> Body(ApiOperation operation)
    {
        var example = operation.BodyExample ?? new JsonObject();
        var properties = operation.BodyProperties;
        var cases = new List<(int, IGen<BodyCase>)>
        {
            (2, Gen.OneOf("{", "[", "{\"a\":", "{'single':'quotes'}", "{\"a\":1,}", "nul", "\"unterminated", "{}}", "{\"a\":01}", "{\"a\":.5}")
                .Select(s => new BodyCase(Encoding.UTF8.GetBytes(s), "malformed JSON"))),
            (1, Gen.Int[1, Math.Max(1, example.ToJsonString().Length - 1)].Select(n =>
                new BodyCase(Encoding.UTF8.GetBytes(example.ToJsonString()[..n]), "truncated JSON"))),
            (1, Gen.OneOf("[]", "null", "\"text\"", "42", "true", "[{}]").Select(s => new BodyCase(Encoding.UTF8.GetBytes(s), "not an object"))),
            (1, Gen.Byte.Array[1, 64].Select(b =>
                new BodyCase([(byte)'{', (byte)'"', (byte)'x', (byte)'"', (byte)':', (byte)'"',
                    .. b.Select(x => (byte)(x | 0x80)), (byte)'"', (byte)'}'], "invalid UTF-8"))),
            (1, Gen.Int[200, 5_000].Select(n => new BodyCase(Encoding.UTF8.GetBytes(new string('[', n) + new string(']', n)), "nested too deep"))),
            (1, Gen.Const(new BodyCase(Encoding.UTF8.GetBytes("{\"x\":\"" + new string('a', 300_000) + "\"}"), "body over the size limit"))),
            (2, JunkText.Select(junk => new BodyCase(Encoding.UTF8.GetBytes(With(example, "unexpectedField", JsonValue.Create(junk)).ToJsonString()),
                "an unknown field"))),
        };

        if (properties.Count > 0)
        {
            cases.Add((5, Gen.Select(Gen.OneOf([.. properties]), WrongValueGen, (property, wrong) =>
                new BodyCase(Encoding.UTF8.GetBytes(With(example, property.Name, wrong(property.Schema)).ToJsonString()),
                    $"{property.Name} of the wrong type"))));
            var strings = properties.Where(p => p.Schema.Types.Contains("string")).ToList();
            if (strings.Count > 0)
            {
                cases.Add((2, Gen.Select(Gen.OneOf([.. strings]), Gen.Int[4_001, 60_000], (property, length) =>
                    new BodyCase(Encoding.UTF8.GetBytes(With(example, property.Name, JsonValue.Create(new string('å', length))).ToJsonString()),
                        $"{property.Name} of {length} characters"))));
            }
        }

        if (operation.RequiredProperties.Count > 0)
        {
            cases.Add((2, Gen.OneOf([.. operation.RequiredProperties]).Select(name =>
            {
                var copy = example.DeepClone().AsObject();
                copy.Remove(name);
                return new BodyCase(Encoding.UTF8.GetBytes(copy.ToJsonString()), $"required {name} missing");
            })));
        }

        return Gen.Frequency([.. cases]);
    }

    /// <summary>For a property's schema, a value of a JSON type it does not take (or a string it cannot be).</summary>
    private static readonly Gen<Func<PropertySchema, JsonNode?>> WrongValueGen = Gen.Select(JunkText, Gen.Int[0, 5], Gen.Long, (junk, pick, number) =>
        (Func<PropertySchema, JsonNode?>)(schema =>
        {
            JsonNode?[] candidates =
            [
                // Numbers may be read from strings, and a plain string takes any text: junk text is wrong only for dates, ids and objects.
                schema.Types.Contains("integer") || schema.Types.Contains("number") || (schema.Types.Contains("string") && schema.Format is null)
                    ? null : JsonValue.Create(junk),
                schema.Types.Contains("integer") || schema.Types.Contains("number") ? null : JsonValue.Create(number),
                schema.Types.Contains("array") ? null : new JsonArray(JsonValue.Create(junk)),
                schema.Types.Contains("object") || schema.IsReference ? null : new JsonObject { ["x"] = junk },
                schema.Types.Contains("boolean") ? null : JsonValue.Create(true),
                schema.Types.Contains("integer") ? JsonValue.Create(1e40) : schema.Format is "date" ? JsonValue.Create("2026-02-30")
                    : schema.Format is "uuid" ? JsonValue.Create("not-a-guid") : null,
            ];
            var wrong = candidates.Where(c => c is not null).ToList();
            return wrong.Count == 0 ? new JsonArray(new JsonObject()) : wrong[pick % wrong.Count]!.DeepClone();
        }));

    private static readonly Gen<(string? IfMatch, string? Key)> Headers = Gen.Frequency(
        (4, Gen.Const<(string?, string?)>((null, null))),
        (1, Gen.OneOf("\"junk\"", "W/\"-1\"", "*, \"2\"", "\"99999999999999\"", new string('"', 300)).Select(v => ((string?)v, (string?)null))),
        (1, Gen.OneOf("x", new string('k', 5_000), "  ", "key with spaces", "ключ").Select(v => ((string?)null, (string?)Uri.EscapeDataString(v)))));

    private static JsonObject With(JsonNode example, string name, JsonNode? value)
    {
        var copy = example is JsonObject ? example.DeepClone().AsObject() : new JsonObject();
        copy[name] = value;
        return copy;
    }
}
