using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Nacka.Records.Changes;
using Nacka.Records.Http;
using Nacka.Rules;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

// Table and column names come from the EF model, never from input; the date goes in as a parameter.
#pragma warning disable EF1002

namespace Nacka.Records.Revisions;

/// <summary>
/// One kind of record (units, director posts...) as two tables: its revisions (every version,
/// appended) and its current state (a copy of each entity's latest version). Writes append a
/// revision and copy it to the current row in the same SaveChanges; reads of today use the
/// current rows, reads <c>asOf</c> a date take the current row where it already held then and
/// look the older version up by index otherwise — no read scans the revisions.
/// </summary>
public sealed class RecordSet<TRevision, TCurrent>(DbContext db)
    where TRevision : Revision, new()
    where TCurrent : Revision, new()
{
    /// <summary>The columns a revision and its current row share, matched by name once.</summary>
    private static readonly (PropertyInfo From, PropertyInfo To)[] Copied = typeof(TRevision).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p is { CanRead: true, CanWrite: true })
        .Select(p => (From: p, To: typeof(TCurrent).GetProperty(p.Name)))
        .Where(pair => pair.To is { CanWrite: true })
        .Select(pair => (pair.From, pair.To!))
        .ToArray();

    /// <summary>Current rows, read-only.</summary>
    public IQueryable<TCurrent> Current => db.Set<TCurrent>().AsNoTracking();

    /// <summary>The entity's current row, tracked so <see cref="Append"/> updates it; null when there is no such entity.</summary>
    public Task<TCurrent?> LatestAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<TCurrent>().SingleOrDefaultAsync(c => c.EntityId == id, cancellationToken);

    /// <summary>
    /// The first step of every change to an existing entity: its current row, checked against the
    /// request's If-Match, and the revision the change will make (next version, not before the
    /// latest valid-from). 404 when there is no such <paramref name="what"/>, 412 when stale.
    /// </summary>
    public async Task<Outcome<ChangeTarget<TCurrent>>> LoadForChangeAsync(Guid id, string what, HttpRequest request, ChangeInfo change, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        if (await LatestAsync(id, cancellationToken) is not { } current)
        {
            return DomainError.NotFound(what, id);
        }

        return ETags.CheckIfMatch(request, current.Version) is { } stale
            ? stale
            : new ChangeTarget<TCurrent>(current, current.Revise(change, at));
    }

    /// <summary>
    /// Appends <paramref name="revision"/> and makes it the current row (<paramref name="current"/>
    /// as loaded by <see cref="LatestAsync"/>, or null for a new entity). Nothing is saved here.
    /// </summary>
    public TCurrent Append(TRevision revision, TCurrent? current)
    {
        db.Set<TRevision>().Add(revision);
        var row = current ?? new TCurrent();
        foreach (var (from, to) in Copied)
        {
            to.SetValue(row, from.GetValue(revision));
        }

        if (current is null)
        {
            db.Set<TCurrent>().Add(row);
        }

        return row;
    }

    /// <summary>The version of one entity that held on <paramref name="date"/>: its newest version valid that day.</summary>
    public Task<TRevision?> AsOfAsync(Guid id, DateOnly date, CancellationToken cancellationToken) =>
        db.Set<TRevision>().AsNoTracking().Where(r => r.EntityId == id && r.ValidFrom <= date).OrderByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Every version of one entity, oldest first.</summary>
    public Task<List<TRevision>> HistoryAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<TRevision>().AsNoTracking().Where(r => r.EntityId == id).OrderBy(r => r.Version).ToListAsync(cancellationToken);

    /// <summary>
    /// Every entity as it stood on <paramref name="date"/>, composable with Where/OrderBy/Skip/Take.
    /// Entities whose latest change holds by then come from the current rows; the others' older
    /// version is found through the (entity, validFrom) index; entities not yet recorded then are absent.
    /// </summary>
    public IQueryable<TRevision> AsOf(DateOnly date) =>
        db.Set<TRevision>().FromSqlRaw(AsOfSql, new NpgsqlParameter("as_of", date)).AsNoTracking();

    private string AsOfSql => _asOfSql ??= BuildAsOfSql();

    private string? _asOfSql;

    private string BuildAsOfSql()
    {
        var revisions = db.Model.FindEntityType(typeof(TRevision))!;
        var current = db.Model.FindEntityType(typeof(TCurrent))!;
        var revisionTable = StoreObjectIdentifier.Table(revisions.GetTableName()!, revisions.GetSchema());
        var currentTable = StoreObjectIdentifier.Table(current.GetTableName()!, current.GetSchema());
        string Column(IEntityType entity, StoreObjectIdentifier table, string property) => $"\"{entity.FindProperty(property)!.GetColumnName(table)}\"";

        var columns = revisions.GetProperties().Select(p => p.GetColumnName(revisionTable)!).ToList();
        string List(string alias) => string.Join(", ", columns.Select(c => $"{alias}.\"{c}\""));
        var entityId = Column(revisions, revisionTable, nameof(Revision.EntityId));
        var currentId = Column(current, currentTable, nameof(Revision.EntityId));
        var validFrom = Column(revisions, revisionTable, nameof(Revision.ValidFrom));
        var currentValidFrom = Column(current, currentTable, nameof(Revision.ValidFrom));
        var version = Column(revisions, revisionTable, nameof(Revision.Version));
        var revisionName = $"\"{revisions.GetSchema()}\".\"{revisions.GetTableName()}\"";
        var currentName = $"\"{current.GetSchema()}\".\"{current.GetTableName()}\"";
        return $"""
            SELECT {List("c")} FROM {currentName} c WHERE c.{currentValidFrom} <= @as_of
            UNION ALL
            SELECT {List("o")} FROM {currentName} c
            CROSS JOIN LATERAL (SELECT * FROM {revisionName} r WHERE r.{entityId} = c.{currentId} AND r.{validFrom} <= @as_of ORDER BY r.{version} DESC LIMIT 1) o
            WHERE c.{currentValidFrom} > @as_of
            """;
    }
}
