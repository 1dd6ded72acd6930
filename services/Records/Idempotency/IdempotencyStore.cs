using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nacka.Records.Http;
using Nacka.Rules;
using Npgsql;

// The table name comes from the EF model, never from input; values go in as parameters.
#pragma warning disable EF1002

namespace Nacka.Records.Idempotency;

/// <summary>The key's row, written inside the write's own transaction.</summary>
internal static class IdempotencyStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Claims the key for this transaction, or returns the answer stored by the write that claimed
    /// it first. A concurrent request with the same key waits here on the primary key until the
    /// first commits (then its answer is replayed) or rolls back (then this one proceeds).
    /// </summary>
    public static async Task<IdempotencyRecord?> ClaimAsync(DbContext db, IdempotencyRequest request, CancellationToken cancellationToken)
    {
        var table = Table(db);
        var claimed = await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {table} (\"Key\", \"Endpoint\", \"RequestHash\", \"CreatedAt\") VALUES (@key, @endpoint, @hash, now()) ON CONFLICT DO NOTHING",
            [new NpgsqlParameter("key", request.Key), new NpgsqlParameter("endpoint", request.Endpoint), new NpgsqlParameter("hash", request.RequestHash)],
            cancellationToken);
        return claimed == 1
            ? null
            : await db.Set<IdempotencyRecord>().AsNoTracking().SingleAsync(r => r.Key == request.Key && r.Endpoint == request.Endpoint, cancellationToken);
    }

    /// <summary>Stores the answer to replay, in the transaction that made the effect.</summary>
    public static Task CompleteAsync(DbContext db, IdempotencyRequest request, IResult result, HttpContext http, CancellationToken cancellationToken)
    {
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        var body = result is IValueHttpResult { Value: { } value } ? JsonSerializer.Serialize(value, value.GetType(), Json) : null;
        var location = result.GetType().GetProperty("Location")?.GetValue(result) as string; // Created<T>
        var etag = http.Response.Headers.ETag.ToString() is { Length: > 0 } e ? e : null;
        return db.Set<IdempotencyRecord>().Where(r => r.Key == request.Key && r.Endpoint == request.Endpoint)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.StatusCode, status)
                .SetProperty(r => r.ResponseBody, body)
                .SetProperty(r => r.Location, location)
                .SetProperty(r => r.ETag, etag), cancellationToken);
    }

    public static IResult Replay(HttpContext http, IdempotencyRecord record, IdempotencyRequest request)
    {
        if (record.RequestHash != request.RequestHash)
        {
            return Problems.For(DomainError.Invalid(IdempotencyKeys.Header, "This key was used for a different request."));
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
        var status = record.StatusCode ?? StatusCodes.Status200OK;
        return record.ResponseBody is null ? TypedResults.StatusCode(status)
            : TypedResults.Text(record.ResponseBody, "application/json", Encoding.UTF8, status);
    }

    private static string Table(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(IdempotencyRecord))
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no idempotency keys: call modelBuilder.AddIdempotencyKeys().");
        return $"\"{entity.GetSchema() ?? "public"}\".\"{entity.GetTableName()}\"";
    }
}
