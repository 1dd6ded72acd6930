using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Nacka.Persistence;
using Nacka.Records.Http;
using Nacka.Records.Paging;
using Nacka.Rules;
using Microsoft.EntityFrameworkCore.Metadata;

// Table and column names come from the EF model, never from input; the dates go in as parameters.
#pragma warning disable EF1002

namespace Nacka.Records.Revisions;

/// <summary>
/// One kind of record (units, director posts...) as two tables: its revisions (every version,
/// appended) and its current state (a copy of the row that holds furthest ahead).
///
/// Effective dating: each row holds from its <c>ValidFrom</c> until the next row's; on a date the
/// row that holds is the one with the latest <c>ValidFrom</c> on or before it, the newest version
/// first. A change may be dated anywhere after the record's first day, also before changes
/// already scheduled: its rule sees the record as it stands on the change's date, and what it set
/// is carried into each later segment (a restating row of the same version, <see cref="Revision.Step"/>)
/// unless that segment's own change set the same attribute — so a rename decided for January
/// still takes effect in January after a correction dated today, and the correction holds then too.
/// Nothing is rewritten: rows are only added, and every read can also ask what the register said
/// at a moment (<c>knownAt</c>), by leaving out the rows recorded after it.
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

    /// <summary>The record's own attributes (not the change's metadata): what a change sets and carries forward.</summary>
    private static readonly PropertyInfo[] Attributes = typeof(TRevision).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p is { CanRead: true, CanWrite: true } && p.DeclaringType != typeof(Revision) && typeof(Revision).IsAssignableFrom(p.DeclaringType))
        .ToArray();

    /// <summary>The record's end and what describes it (<see cref="RecordEndAttribute"/>); its date is the <c>DateOnly?</c> among them.</summary>
    private static readonly PropertyInfo[] End = [.. Attributes.Where(p => p.GetCustomAttribute<RecordEndAttribute>() is not null)];

    private static readonly PropertyInfo? EndDate = End.SingleOrDefault(p => p.PropertyType == typeof(DateOnly?));

    /// <summary>The record's end closes every dated item of its lists (<see cref="RecordEndAttribute.ClosesItems"/>).</summary>
    private static readonly bool EndClosesItems = EndDate?.GetCustomAttribute<RecordEndAttribute>()!.ClosesItems ?? false;

    /// <summary>
    /// Every row of an entity changed in this unit of work, with the rows it added (loaded only for a change dated before a
    /// scheduled one). Read through <see cref="Timelines"/>, which forgets them when the transaction changes: that also covers a
    /// save that fails, since a failure ends the attempt (no savepoints, <c>InTransactionAsync</c>) and the write pipeline's next
    /// attempt (a transient error, a concurrent change) begins a new transaction, which must not see rows of the one that failed.
    /// </summary>
    private readonly Dictionary<Guid, List<TRevision>> _timelines = [];

    /// <summary>The transaction <see cref="_timelines"/> were loaded in.</summary>
    private Guid? _timelinesTransaction;

    /// <summary>
    /// <see cref="_timelines"/>, for this transaction only. The services' contexts are pooled, and this set lives as long as its
    /// context: a timeline loaded by an earlier unit of work that saved nothing (a change refused after loading it) stayed, and a
    /// reaction dated before a scheduled change (a dissolution heard from Units) carried itself into the segments as they were
    /// then, without what was recorded since — a process's end from January lost, its units back in (found by
    /// <c>ParticipationTimelineModelTests</c> in CI, 2026-12-04; <c>A_reaction_on_a_pooled_context_carries_into_what_was_recorded_since</c>).
    /// </summary>
    private Dictionary<Guid, List<TRevision>> Timelines
    {
        get
        {
            var transaction = db.Database.CurrentTransaction?.TransactionId;
            if (transaction is null || transaction != _timelinesTransaction)
            {
                _timelines.Clear();
                _timelinesTransaction = transaction;
            }

            return _timelines;
        }
    }

    /// <summary>Current rows, read-only.</summary>
    public IQueryable<TCurrent> Current => db.Set<TCurrent>().AsNoTracking();

    /// <summary>
    /// The entity's current row, tracked so <see cref="Append"/> updates it; null when there is no such entity. The first query of
    /// every change, so compiled once (<see cref="RowsByKey"/>) rather than built and looked up in EF's query cache at each write.
    /// </summary>
    public Task<TCurrent?> LatestAsync(Guid id, CancellationToken cancellationToken) => db.ByKeyAsync<TCurrent>(id, cancellationToken);

    /// <summary>
    /// The first step of every change to an existing entity: checked against the request's
    /// If-Match (412 when stale; 404 when there is no such <paramref name="what"/>), and the
    /// entity as it stands on the change's date — the current row when nothing is scheduled
    /// after that date, else the row that holds then (422 on the request's date field when the
    /// date is before the record's first day). <see cref="ChangeTarget{TCurrent}.Current"/> is
    /// that state, to decide on and to hand back to <see cref="Append"/>.
    /// </summary>
    public async Task<Outcome<ChangeTarget<TCurrent>>> LoadForChangeAsync(Guid id, string what, HttpRequest request, ChangeInfo change, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        if (await LatestAsync(id, cancellationToken) is not { } current)
        {
            return DomainError.NotFound(what, id);
        }

        if (ETags.CheckIfMatch(request, current.Version) is { } stale)
        {
            return stale;
        }

        var next = current.Revise(change, at);
        if (change.ValidFrom >= current.ValidFrom)
        {
            return new ChangeTarget<TCurrent>(current, next);
        }

        var timeline = await db.Set<TRevision>().AsNoTracking().Where(r => r.EntityId == id).ToListAsync(cancellationToken);
        Timelines[id] = timeline;
        if (HoldingOn(timeline, change.ValidFrom) is not { } holding)
        {
            var first = timeline.Min(r => r.ValidFrom);
            return DomainError.Invalid(change.DateField, $"Must not be before the {what}'s first day in the register ({first:yyyy-MM-dd}).");
        }

        return new ChangeTarget<TCurrent>(CopyOf(holding), next) { Latest = current };
    }

    /// <summary>
    /// Appends <paramref name="revision"/> (the change, from its date) and keeps the current row
    /// the one that holds furthest ahead. <paramref name="current"/> is the entity as loaded for
    /// the change (<see cref="LoadForChangeAsync"/>, <see cref="LatestAsync"/>), or null for a new
    /// entity. A change dated before changes already scheduled is carried into each later segment
    /// (see the class). Returns the entity as the change leaves it on its own date. Nothing is saved here.
    /// </summary>
    public TCurrent Append(TRevision revision, TCurrent? current)
    {
        db.Set<TRevision>().Add(revision);
        var row = current is null ? null : Tracked(revision.EntityId) ?? current;
        var furthest = row is not null && revision.ValidFrom < row.ValidFrom ? CarryForward(revision) : revision;
        if (Timelines.TryGetValue(revision.EntityId, out var timeline) && !timeline.Contains(revision))
        {
            timeline.Add(revision);
        }

        row ??= db.Set<TCurrent>().Add(new TCurrent()).Entity;
        Copy(furthest, row);
        return ReferenceEquals(furthest, revision) ? row : CopyOf(revision);
    }

    /// <summary>
    /// The start-up correction of an end that closes everything (<see cref="RecordEndAttribute.ClosesItems"/>) for rows
    /// recorded before the end closed what later segments hold: when a segment holding after the end still holds a dated item
    /// open past it (or planned to start after it), one new version restates every segment from the end on with those items
    /// closed by the rule the end applies (<see cref="Periods.EndedBy"/>) — step 0 on the first such segment, as a change
    /// carried forward is written — and the current row (tracked) follows. Returns the records corrected, each at its new
    /// version, for the caller to announce; none when nothing disagrees, so running it again changes nothing. Nothing is saved here.
    /// </summary>
    public async Task<IReadOnlyList<TCurrent>> CloseItemsAfterEndsAsync(string change, ChangeInfo why, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!EndClosesItems)
        {
            return [];
        }

        // Only a record with a segment starting after its end can disagree: found through the (entity, validFrom) index.
        var endName = EndDate!.Name;
        var ended = await db.Set<TCurrent>()
            .Where(c => EF.Property<DateOnly?>(c, endName) != null
                && db.Set<TRevision>().Any(r => r.EntityId == c.EntityId && r.ValidFrom > EF.Property<DateOnly?>(c, endName)))
            .ToListAsync(cancellationToken);
        var corrected = new List<TCurrent>();
        foreach (var current in ended)
        {
            if (await CloseItemsAfterEndAsync(current, change, why, at, cancellationToken) is not null)
            {
                corrected.Add(current);
            }
        }

        return corrected;
    }

    private async Task<TRevision?> CloseItemsAfterEndAsync(TCurrent current, string change, ChangeInfo why, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var end = (DateOnly)EndDate!.GetValue(current)!;
        var timeline = await db.Set<TRevision>().AsNoTracking().Where(r => r.EntityId == current.EntityId).ToListAsync(cancellationToken);
        var starts = timeline.Select(r => r.ValidFrom).Where(d => d > end).Distinct().Order().ToList();
        var restated = new List<(TRevision Row, bool Closed)>();
        foreach (var start in starts)
        {
            var row = new TRevision();
            Copy(HoldingOn(timeline, start)!, row);
            restated.Add((row, CloseItems(row, end)));
        }

        var first = restated.FindIndex(r => r.Closed);
        if (first < 0)
        {
            return null;
        }

        var version = current.Version + 1;
        var step = 0;
        foreach (var (row, _) in restated.Skip(first))
        {
            row.Stamp(current.EntityId, version, change, why with { ValidFrom = row.ValidFrom }, at);
            row.Step = step++;
            db.Set<TRevision>().Add(row);
        }

        Copy(restated[^1].Row, current);
        return restated[first].Row;
    }

    /// <summary>
    /// Closes, in <paramref name="row"/>, every dated item of its lists that an end on <paramref name="end"/> closes (the rule
    /// the end applies, <see cref="Periods.EndedBy"/>); returns whether one was. One rule for the carry-forward and the correction.
    /// </summary>
    private static bool CloseItems(TRevision row, DateOnly end)
    {
        var closed = false;
        foreach (var attribute in Attributes.Where(a => a.PropertyType == typeof(string) && !End.Contains(a)))
        {
            if (attribute.GetValue(row) is string json && CarriedLists.Closed(json, end) is { } bounded)
            {
                attribute.SetValue(row, bounded);
                closed = true;
            }
        }

        return closed;
    }

    /// <summary>The version of one entity that held on <paramref name="date"/>.</summary>
    public Task<TRevision?> AsOfAsync(Guid id, DateOnly date, CancellationToken cancellationToken) =>
        HoldingOn(id, date, knownAt: null).FirstOrDefaultAsync(cancellationToken);

    /// <summary>One entity's rows that hold on <paramref name="date"/>, the one that holds first (latest start, newest version), as recorded by
    /// <paramref name="knownAt"/>.</summary>
    private IQueryable<TRevision> HoldingOn(Guid id, DateOnly date, DateTimeOffset? knownAt) => Holding(date, knownAt).Where(r => r.EntityId == id);

    /// <summary>
    /// Rows that may hold on <paramref name="date"/>, the one that holds first for each entity (latest start, newest version); with
    /// <paramref name="knownAt"/>, those recorded by then (<see cref="DatedRows{TRevision}.Holding"/>). For one entity's row inside
    /// another read's query (a unit's director post): <c>Holding(date).FirstOrDefault(p =&gt; p.EntityId == u.DirectorPostId)</c>, plain
    /// SQL that EF caches, where <see cref="AsOf"/>'s raw SQL would be translated again on every call.
    /// </summary>
    public IQueryable<TRevision> Holding(DateOnly date, DateTimeOffset? knownAt = null) =>
        DatedRows<TRevision>.HoldingIn(db.Set<TRevision>().AsNoTracking(), date, knownAt);

    /// <summary>The row alone, for answers that show nothing beside it.</summary>
    private static readonly RecordRead<TRevision, TCurrent, object?> RowAlone = new((db, r, date, knownAt) => null);

    /// <summary>
    /// <see cref="AsOfAsync"/> with the entity's latest version, in one query: the version a write's
    /// If-Match must name is the latest one, also when the row shown holds on an earlier date
    /// (a change scheduled after it, or a past date asked for). Serve it as the ETag.
    /// </summary>
    public async Task<(TRevision? Row, int LatestVersion)> ReadAsync(Guid id, DateOnly date, DateTimeOffset? knownAt, CancellationToken cancellationToken)
    {
        var (row, latest, _) = await RowAlone.ReadAsync(db, id, date, knownAt, cancellationToken);
        return (row, latest);
    }

    /// <summary>
    /// <see cref="ReadAsync(Guid, DateOnly, DateTimeOffset?, CancellationToken)"/> with what the answer needs beside the row
    /// (<paramref name="read"/>: the rows it names, e.g. a unit's director post and manager) in the same query: one round trip per
    /// read instead of one per thing shown.
    /// </summary>
    public Task<(TRevision? Row, int LatestVersion, TWith? With)> ReadAsync<TWith>(RecordRead<TRevision, TCurrent, TWith> read, Guid id, DateOnly date,
        DateTimeOffset? knownAt, CancellationToken cancellationToken) =>
        read.ReadAsync(db, id, date, knownAt, cancellationToken);

    /// <summary>Every change of one entity, oldest first, each with the entity as it left it on the change's date.</summary>
    public Task<List<TRevision>> HistoryAsync(Guid id, CancellationToken cancellationToken, DateTimeOffset? knownAt = null) =>
        db.Set<TRevision>().AsNoTracking()
            .Where(r => r.EntityId == id && r.Step == 0 && (knownAt == null || r.RecordedAt <= knownAt))
            .OrderBy(r => r.Version).ToListAsync(cancellationToken);

    /// <summary>
    /// Every entity as it stood on <paramref name="date"/>, composable with Where/OrderBy/Skip/Take.
    /// Entities whose furthest row holds by then come from the current rows; the others' row is
    /// found through the (entity, validFrom) index; entities not yet recorded then are absent.
    /// With <paramref name="knownAt"/>, as the register said at that moment: rows recorded later are left out.
    /// </summary>
    public IQueryable<TRevision> AsOf(DateOnly date, DateTimeOffset? knownAt = null) => knownAt is { } moment
        ? db.Set<TRevision>().FromSqlRaw(Sql.KnownAt, date, moment.ToUniversalTime()).AsNoTracking()
        : Read(Sql.AsOf, date);

    /// <summary>
    /// <see cref="AsOf"/> in parts that together hold every entity once, for a list read a page at a time in an order an index
    /// keeps (<see cref="Paging.ListPages"/>): the entities whose current row holds by <paramref name="date"/> — on today's date
    /// almost all of them, read straight from the current table, whose indexes serve its order and its searches — and the few
    /// with a change scheduled after the date, each found through the (entity, validFrom) index. PostgreSQL cannot read a union
    /// of the two in index order, so a list over <see cref="AsOf"/> would sort every entity for one page. With
    /// <paramref name="knownAt"/>, one part (the current rows cannot help there).
    /// </summary>
    public IReadOnlyList<IQueryable<TRevision>> AsOfParts(DateOnly date, DateTimeOffset? knownAt = null) => knownAt is null
        ? [Read(Sql.Settled, date), Read(Sql.Scheduled, date)]
        : [AsOf(date, knownAt)];

    /// <summary>
    /// The values go in as EF's own parameters (<c>{0}</c>, <c>{1}</c> in the text), which it names apart when parts are combined in one
    /// query: a named <c>NpgsqlParameter</c> shared by two parts would be renamed in one and then no longer match its text.
    /// </summary>
    private IQueryable<TRevision> Read(string sql, DateOnly date) => db.Set<TRevision>().FromSqlRaw(sql, date).AsNoTracking();

    /// <summary>The row that holds on <paramref name="date"/> among <paramref name="rows"/>: the latest start on or before it, the newest version
    /// first.</summary>
    private static TRevision? HoldingOn(IEnumerable<TRevision> rows, DateOnly date) =>
        rows.Where(r => r.ValidFrom <= date).OrderByDescending(r => r.ValidFrom).ThenByDescending(r => r.Version).FirstOrDefault();

    /// <summary>
    /// Restates each segment that starts after <paramref name="change"/>'s date with what the
    /// change set, unless the segment's own change set that attribute too: then the later,
    /// scheduled value holds from its date (a list attribute changed by both is refused, see
    /// <see cref="CarriedLists"/>). Returns the last row added, which holds furthest ahead.
    /// </summary>
    private TRevision CarryForward(TRevision change)
    {
        var timeline = TimelineOf(change.EntityId);
        var earlier = timeline.Where(r => r.Version < change.Version).ToList();
        var before = HoldingOn(earlier, change.ValidFrom) ?? change;
        TRevision carriedBefore = change;
        var step = 0;
        foreach (var start in earlier.Select(r => r.ValidFrom).Where(d => d > change.ValidFrom).Distinct().Order().ToList())
        {
            var scheduled = HoldingOn(earlier, start)!;
            var restated = new TRevision();
            Copy(scheduled, restated);
            // An earlier end carried into a segment that ends later wins, with its reason (see RecordEndAttribute).
            var earlierEnd = EndDate is not null && EndDate.GetValue(carriedBefore) is DateOnly endNow && !Same(EndDate.GetValue(before), endNow)
                && (EndDate.GetValue(scheduled) is not DateOnly endThen || endNow < endThen);
            foreach (var attribute in Attributes)
            {
                if (earlierEnd && End.Contains(attribute))
                {
                    attribute.SetValue(restated, attribute.GetValue(carriedBefore));
                    continue;
                }

                var was = attribute.GetValue(before);
                var now = attribute.GetValue(carriedBefore);
                var then = attribute.GetValue(scheduled);
                attribute.SetValue(restated, !SetOn(earlier, start, attribute) ? now : Same(was, now) || !CarriedLists.IsList(then) ? then
                    : CarriedLists.Merge(was, now, then) ?? throw new ChangedLaterException(attribute.Name, start, scheduled.Change));
            }

            // An end that closes everything in the record (a process's, a nämnd's) closes also what the segment had planned after it.
            if (earlierEnd && EndClosesItems && EndDate!.GetValue(restated) is DateOnly closedOn)
            {
                CloseItems(restated, closedOn);
            }

            restated.EntityId = change.EntityId;
            restated.Version = change.Version;
            restated.Step = ++step;
            restated.Change = change.Change;
            restated.ValidFrom = start;
            restated.RecordedAt = change.RecordedAt;
            restated.RecordedBy = change.RecordedBy;
            restated.Reason = change.Reason;
            restated.DecisionBody = change.DecisionBody;
            restated.DecisionDate = change.DecisionDate;
            restated.DecisionParagraph = change.DecisionParagraph;
            restated.DecisionCaseNumber = change.DecisionCaseNumber;
            db.Set<TRevision>().Add(restated);
            timeline.Add(restated);
            before = scheduled;
            carriedBefore = restated;
        }

        return carriedBefore;
    }

    /// <summary>
    /// Whether a change dated <paramref name="start"/> set <paramref name="attribute"/>: one of the changes recorded from that
    /// date (step 0) gave it a value other than the one holding the day before as the register stood when it was recorded.
    /// Judged on the change as it was made, not on the segments as they stand now: a rename from March to the name a later
    /// correction also gave from January is still March's rename, and a second correction from January stops at March.
    /// </summary>
    private static bool SetOn(List<TRevision> earlier, DateOnly start, PropertyInfo attribute) =>
        earlier.Where(r => r.ValidFrom == start && r.Step == 0).Any(change =>
            HoldingOn(earlier.Where(r => r.Version < change.Version), start.AddDays(-1)) is not { } prior
            || !Same(attribute.GetValue(prior), attribute.GetValue(change)));

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (string x, string y) when x == y => true,
        (string x, string y) => CarriedLists.SameJson(x, y),
        (IEnumerable x, IEnumerable y) => x.Cast<object?>().SequenceEqual(y.Cast<object?>()),
        _ => Equals(a, b),
    };

    /// <summary>
    /// The entity's rows in this unit of work: loaded by <see cref="LoadForChangeAsync"/> for a
    /// change dated before a scheduled one; a reaction to another service's event that appends
    /// without it (rare: a dissolution dated before a scheduled change) loads them here.
    /// </summary>
    private List<TRevision> TimelineOf(Guid id)
    {
        if (!Timelines.TryGetValue(id, out var timeline))
        {
            timeline = [.. db.Set<TRevision>().AsNoTracking().Where(r => r.EntityId == id)];
            Timelines[id] = timeline;
        }

        return timeline;
    }

    private TCurrent? Tracked(Guid id) => db.Set<TCurrent>().Local.FirstOrDefault(c => c.EntityId == id);

    private static TCurrent CopyOf(TRevision revision)
    {
        var row = new TCurrent();
        Copy(revision, row);
        return row;
    }

    private static void Copy(TRevision from, object to)
    {
        foreach (var (source, target) in Copied)
        {
            target.SetValue(to, source.GetValue(from));
        }
    }

    private (string AsOf, string Settled, string Scheduled, string KnownAt) Sql => s_sql ??= BuildSql();

    /// <summary>Built once per kind of record: its tables and columns come from the model, the same for every context of the service.</summary>
    private static (string AsOf, string Settled, string Scheduled, string KnownAt)? s_sql;

    private (string AsOf, string Settled, string Scheduled, string KnownAt) BuildSql()
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
        var recordedAt = Column(revisions, revisionTable, nameof(Revision.RecordedAt));
        var revisionName = $"\"{revisions.GetSchema()}\".\"{revisions.GetTableName()}\"";
        var currentName = $"\"{current.GetSchema()}\".\"{current.GetTableName()}\"";
        var settled = $"SELECT {List("c")} FROM {currentName} c WHERE c.{currentValidFrom} <= @as_of";
        var scheduled = $"""
            SELECT {List("o")} FROM {currentName} c
            CROSS JOIN LATERAL (SELECT * FROM {revisionName} r WHERE r.{entityId} = c.{currentId} AND r.{validFrom} <= @as_of
                ORDER BY r.{validFrom} DESC, r.{version} DESC LIMIT 1) o
            WHERE c.{currentValidFrom} > @as_of
            """;

        // What the register said at a moment: only rows recorded by then, the current rows cannot help.
        var knownAt = $"""
            SELECT {List("o")} FROM {currentName} c
            CROSS JOIN LATERAL (SELECT * FROM {revisionName} r
                WHERE r.{entityId} = c.{currentId} AND r.{validFrom} <= @as_of AND r.{recordedAt} <= @known_at
                ORDER BY r.{validFrom} DESC, r.{version} DESC LIMIT 1) o
            """;
        // EF's placeholders for the values given to FromSqlRaw.
        static string Placed(string sql) => sql.Replace("@as_of", "{0}", StringComparison.Ordinal).Replace("@known_at", "{1}", StringComparison.Ordinal);
        return (Placed($"{settled}\nUNION ALL\n{scheduled}"), Placed(settled), Placed(scheduled), Placed(knownAt));
    }
}
