using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Nacka.Persistence.Idempotency;

public static class IdempotencyExtensions
{
    public const string Header = "Idempotency-Key";
    private const int MaxKeyLength = 200;
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds the table of idempotency keys to a service's model (created by its migrations).</summary>
    public static ModelBuilder AddIdempotencyKeys(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("idempotency_keys");
            record.HasKey(r => new { r.Key, r.Endpoint });
            record.Property(r => r.Key).HasMaxLength(MaxKeyLength);
            record.Property(r => r.Endpoint).HasMaxLength(300);
            record.Property(r => r.RequestHash).HasMaxLength(64);
            record.Property(r => r.ResponseBody).HasColumnType("jsonb");
            record.HasIndex(r => r.CreatedAt);
        });
        return modelBuilder;
    }

    /// <summary>
    /// Makes a POST safe to retry: with an <c>Idempotency-Key</c> header, the first successful
    /// response is stored and replayed for a retry with the same key and body, instead of creating
    /// a duplicate. The same key with a different body is refused (422); a retry while the first is
    /// still running gets 409. Failed requests are forgotten, so they can be retried, and a key
    /// left pending by a process that died is taken over after two minutes.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotencyKey<TContext>(this RouteHandlerBuilder endpoint) where TContext : DbContext =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var key = http.Request.Headers[Header].ToString();
            if (string.IsNullOrEmpty(key))
            {
                return await next(context);
            }

            if (key.Length > MaxKeyLength)
            {
                return TypedResults.Problem($"{Header} is at most {MaxKeyLength} characters.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid Idempotency-Key");
            }

            var endpointName = http.Request.Method + " " + http.Request.Path;
            // The fingerprint is the bound JSON body: the argument of the type the endpoint declares it accepts.
            var bodyType = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            var body = context.Arguments.FirstOrDefault(a => a is not null && a.GetType() == bodyType);
            var hash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, Json)));
            var scopes = http.RequestServices.GetRequiredService<IServiceScopeFactory>();

            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                // A key left pending by a process that died mid-request would block its retries forever.
                var abandoned = DateTimeOffset.UtcNow - AbandonedAfter;
                await db.Set<IdempotencyRecord>()
                    .Where(r => r.Key == key && r.Endpoint == endpointName && r.StatusCode == null && r.CreatedAt < abandoned)
                    .ExecuteDeleteAsync(http.RequestAborted);
                var existing = await db.Set<IdempotencyRecord>().AsNoTracking().SingleOrDefaultAsync(r => r.Key == key && r.Endpoint == endpointName, http.RequestAborted);
                if (existing is not null)
                {
                    return Replay(http, existing, hash);
                }

                try
                {
                    db.Add(new IdempotencyRecord { Key = key, Endpoint = endpointName, RequestHash = hash, CreatedAt = DateTimeOffset.UtcNow });
                    await db.SaveChangesAsync(http.RequestAborted);
                }
                catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
                {
                    // Another request with this key got there first.
                    var winner = await db.Set<IdempotencyRecord>().AsNoTracking().SingleAsync(r => r.Key == key && r.Endpoint == endpointName, http.RequestAborted);
                    return Replay(http, winner, hash);
                }
            }

            object? result = null;
            try
            {
                result = await next(context);
            }
            finally
            {
                await RecordOutcomeAsync<TContext>(scopes, http, key, endpointName, result);
            }

            return result;
        });

    /// <summary>Stores a success for replay; forgets the key after a failure or an exception, so the client can retry.</summary>
    private static async Task RecordOutcomeAsync<TContext>(IServiceScopeFactory scopes, HttpContext http, string key, string endpointName, object? result)
        where TContext : DbContext
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var record = await db.Set<IdempotencyRecord>().SingleAsync(r => r.Key == key && r.Endpoint == endpointName, CancellationToken.None);
        if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success)
        {
            record.StatusCode = success.StatusCode;
            record.ResponseBody = result is IValueHttpResult { Value: { } value } ? JsonSerializer.Serialize(value, value.GetType(), Json) : null;
            record.Location = result.GetType().GetProperty("Location")?.GetValue(result) as string; // Created<T>, CreatedAtRoute<T>
            record.ETag = http.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null;
        }
        else
        {
            db.Remove(record);
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static IResult Replay(HttpContext http, IdempotencyRecord record, string hash)
    {
        if (record.StatusCode is not { } status)
        {
            return TypedResults.Problem("A request with this Idempotency-Key is still being processed; retry shortly.", statusCode: StatusCodes.Status409Conflict, title: "Request in progress");
        }

        if (record.RequestHash != hash)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [Header] = ["This key was used for a different request."] })
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "Idempotency-Key reused",
            });
        }

        if (record.Location is not null)
        {
            http.Response.Headers.Location = record.Location;
        }

        if (record.ETag is not null)
        {
            http.Response.Headers.ETag = record.ETag;
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        return record.ResponseBody is null ? TypedResults.StatusCode(status) : Results.Content(record.ResponseBody, "application/json", Encoding.UTF8, status);
    }
}
