using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Turns a request the endpoint could not bind (malformed JSON, a number where a string belongs,
/// an impossible date, a query value out of range, invalid UTF-8) into a 400 Problem Details that
/// says what was wrong. Minimal APIs throw <see cref="BadHttpRequestException"/> for these only in
/// Development, and answer an empty 400 elsewhere; both paths are made one here (the options turn
/// throwing on everywhere), so a bad request gets the same clear 4xx in every environment and the
/// developer exception page never turns it into a 500.
/// </summary>
internal sealed class MalformedRequestProblems(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // PostgreSQL text cannot hold a NUL character: refuse it in the path and query up front
        // (bodies are checked by TextWithoutNul while they are read).
        if (context.Request.Path.Value?.Contains('\0', StringComparison.Ordinal) == true
            || context.Request.Query.Any(q => q.Key.Contains('\0', StringComparison.Ordinal)
                || q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)))
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, "The address contains a NUL character, which no value may hold.", [], null);
            return;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var (detail, errors) = Describe(ex);
            await WriteAsync(context, ex.StatusCode, detail, errors, ex);
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, string detail, Dictionary<string, string[]> errors, Exception? ex)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status413PayloadTooLarge)
        {
            // The rest of the body is not read, so the server will close the connection: say so, or
            // a client keeps it for its next request and finds it gone.
            context.Response.Headers.Connection = "close";
        }

        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = status,
            Title = status == StatusCodes.Status413PayloadTooLarge ? "Request too large" : "Malformed request",
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        };
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = ex });
    }

    private static (string Detail, Dictionary<string, string[]> Errors) Describe(BadHttpRequestException ex)
    {
        if (FindInner<JsonException>(ex) is { } json)
        {
            var path = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
            return ($"The body is not valid JSON for this operation: the value at '{path}' could not be read.",
                new Dictionary<string, string[]> { [path] = [FirstSentence(json.Message)] });
        }

        if (FindInner<System.Text.DecoderFallbackException>(ex) is not null)
        {
            return ("The body is not valid UTF-8.", []);
        }

        // Binding failures of route and query values name the parameter and the value.
        return (ex.Message, []);
    }

    private static T? FindInner<T>(Exception ex) where T : Exception
    {
        for (var current = ex.InnerException; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}

/// <summary>Every string read from a request body: one holding a NUL character is malformed (PostgreSQL text cannot store it), answered 400 naming
/// its path.</summary>
internal sealed class TextWithoutNul : System.Text.Json.Serialization.JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text is not null && text.Contains('\0', StringComparison.Ordinal)
            ? throw new JsonException("A NUL character is not accepted in any value.")
            : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

public static class MalformedRequestProblemsExtensions
{
    /// <summary>Binding failures throw in every environment, so one middleware answers them the same way everywhere; unknown fields and NUL
    /// characters are binding failures.</summary>
    public static IServiceCollection AddMalformedRequestProblems(this IServiceCollection services) =>
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true)
            .ConfigureHttpJsonOptions(options =>
            {
                options.SerializerOptions.Converters.Add(new TextWithoutNul());
                // A field the operation does not know is refused (400 naming it), not silently
                // dropped: a misspelt "validForm" must not become a change from today.
                options.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            });

    public static IApplicationBuilder UseMalformedRequestProblems(this IApplicationBuilder app) => app.UseMiddleware<MalformedRequestProblems>();
}
