using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;
using Nacka.Rules;

namespace Nacka.Records.Idempotency;

public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;
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
    /// response is replayed for a retry with the same key and body instead of creating a duplicate;
    /// the same key with another body is refused (422). This filter only reads the key and the
    /// body's fingerprint: the key is claimed and its response stored by the write itself
    /// (<see cref="Writes.RecordWrites"/>), in the same transaction as the effect, so a create that
    /// committed always has its stored answer and a failed one leaves no trace of the key.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var key = http.Request.Headers[Header].ToString();
            if (string.IsNullOrEmpty(key))
            {
                return await next(context);
            }

            if (key.Length > MaxKeyLength || key.Any(char.IsControl))
            {
                return Http.Problems.For(DomainError.Invalid(Header, $"At most {MaxKeyLength} printable characters."));
            }

            // The fingerprint is the bound JSON body: the argument of the type the endpoint declares it accepts.
            var bodyType = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            var body = context.Arguments.FirstOrDefault(a => a is not null && a.GetType() == bodyType);
            var hash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, Json)));
            http.Features.Set(new IdempotencyRequest(key, http.Request.Method + " " + http.Request.Path, hash));
            return await next(context);
        });
}
