using Microsoft.EntityFrameworkCore;

namespace Nacka.Messaging.ReadModels;

public static class ReadModelRows
{
    /// <summary>
    /// A read-model row an earlier version of the entity created. Find looks at what this
    /// transaction already staged first: a gap filled from the feed applies the creating event and
    /// a later one before anything is saved. Missing means the versions disagree with the rows: fail,
    /// so the event is redelivered rather than lost.
    /// </summary>
    public static async Task<T> AppliedAsync<T>(this DbSet<T> rows, Guid id, CancellationToken ct) where T : class =>
        await rows.FindAsync([id], ct)
            ?? throw new InvalidOperationException($"{typeof(T).Name} {id} is not in the read model although its earlier versions were applied.");
}
