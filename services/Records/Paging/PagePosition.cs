using System.Buffers.Text;
using System.Text.Json;

namespace Nacka.Records.Paging;

/// <summary>
/// Where a page ends in a list ordered by a text key and then the entity id: the next page starts after it. Sent to clients
/// as an opaque token (<see cref="PagedList{T}.Next"/>); any well-formed position is a valid place to start, so a token
/// needs no signature, and one kept while the register changes still continues in order.
/// </summary>
public sealed record PagePosition(string Key, Guid Id)
{
    private const int MaxTokenLength = 1000;

    public string ToToken() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new[] { Key, Id.ToString() }));

    /// <summary>The position a token names, null when it is not one.</summary>
    public static PagePosition? Parse(string token)
    {
        if (token.Length is 0 or > MaxTokenLength || !Base64Url.IsValid(token))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<string[]>(Base64Url.DecodeFromChars(token)) is [{ } key, { } id] && Guid.TryParse(id, out var entity)
                ? new PagePosition(key, entity)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
