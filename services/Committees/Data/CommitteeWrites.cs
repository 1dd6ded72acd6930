using Microsoft.EntityFrameworkCore;
using Nacka.Contracts.Committees;
using Nacka.Committees.Domain;
using Nacka.Messaging.Outbox;
using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Committees.Data;

/// <summary>Staging a decided change (its revision, current row and events) and the look-ups the rules need.</summary>
public static class CommitteeWrites
{
    public static CurrentCommittee Append(this CommitteesDbContext db, Changed<CommitteeState> changed, Revising revising, CurrentCommittee? current)
    {
        var revision = CommitteeRevision.From(changed.State);
        revision.Stamp(changed.State.Id, revising.Version, changed.Change, revising.Change, revising.At);
        return Announce(db, db.Committees.Append(revision, current), changed.Events);
    }

    public static CurrentAssignment Append(this CommitteesDbContext db, Changed<AssignmentState> changed, Revising revising, CurrentAssignment? current)
    {
        var revision = AssignmentRevision.From(changed.State);
        revision.Stamp(changed.State.Id, revising.Version, changed.Change, revising.Change, revising.At);
        return Announce(db, db.Assignments.Append(revision, current), changed.Events);
    }

    private static T Announce<T>(CommitteesDbContext db, T row, IEnumerable<Nacka.Contracts.IIntegrationEvent> events)
    {
        foreach (var announcement in events)
        {
            db.AddIntegrationEvent(announcement);
        }

        return row;
    }

    /// <summary>The known director posts among <paramref name="ids"/>, each with its holder on <paramref name="date"/>.</summary>
    public static async Task<Dictionary<Guid, DirectorPost>> DirectorPostsAsync(this CommitteesDbContext db, IEnumerable<Guid> ids, DateOnly date,
        CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return (await db.KnownDirectorPosts.AsNoTracking().Where(p => wanted.Contains(p.PostId)).ToListAsync(ct))
            .ToDictionary(p => p.PostId, p => p.ToDomain(date));
    }

    /// <summary>
    /// A known unit, its row share-locked until the write commits: a UnitDissolved being applied at
    /// the same time waits for this write (and then withdraws what it issued), or this write waits
    /// for it and sees the unit dissolved. No assignment is left open on a dissolved unit.
    /// </summary>
    public static Task<KnownUnit?> LockUnitAsync(this CommitteesDbContext db, Guid unitId, CancellationToken ct) =>
        db.KnownUnits.FromSql($"SELECT * FROM committees.known_units WHERE \"UnitId\" = {unitId} FOR SHARE").AsNoTracking().SingleOrDefaultAsync(ct);

    /// <summary>A known unit's row locked for update until the write commits: the dissolution handler takes it before it looks for open assignments.</summary>
    public static Task<int> LockUnitForUpdateAsync(this CommitteesDbContext db, Guid unitId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT 1 FROM committees.known_units WHERE \"UnitId\" = {unitId} FOR UPDATE", ct);

    /// <summary>A committee's current row, share-locked until the write commits (so it is not dissolved under an assignment being issued).</summary>
    public static Task<CurrentCommittee?> LockCommitteeAsync(this CommitteesDbContext db, Guid committeeId, CancellationToken ct) =>
        db.Set<CurrentCommittee>().FromSql($"SELECT * FROM committees.committees WHERE \"CommitteeId\" = {committeeId} FOR SHARE").AsNoTracking()
            .SingleOrDefaultAsync(ct);

    /// <summary>A committee's current row locked for update until the write commits: its dissolution takes it before it looks for open assignments.</summary>
    public static Task<int> LockCommitteeForUpdateAsync(this CommitteesDbContext db, Guid committeeId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT 1 FROM committees.committees WHERE \"CommitteeId\" = {committeeId} FOR UPDATE", ct);

    /// <summary>The names an assignment's events carry, as they were on <paramref name="date"/> (the change's date).</summary>
    public static async Task<AssignmentNames> NamesAsync(this CommitteesDbContext db, AssignmentState assignment, DateOnly date, CancellationToken ct) =>
        (await db.NamesOnAsync([assignment], date, ct))(assignment);

    /// <summary>
    /// The names many assignments' events carry, as they were on <paramref name="date"/>: their nämnder, units and responsible
    /// posts in three look-ups, however many assignments (a nämnd's dissolution withdraws all of its at once).
    /// </summary>
    public static async Task<Func<AssignmentState, AssignmentNames>> NamesOnAsync(this CommitteesDbContext db, IReadOnlyCollection<AssignmentState> assignments,
        DateOnly date, CancellationToken ct)
    {
        var committeeIds = assignments.Select(a => a.CommitteeId).Distinct().ToList();
        var unitIds = assignments.Select(a => a.UnitId).Distinct().ToList();
        var postIds = assignments.Select(a => a.ResponsibleDirectorPostId).Distinct().ToList();
        var committees = await db.Committees.AsOf(date).Where(c => committeeIds.Contains(c.EntityId)).ToDictionaryAsync(c => c.EntityId, c => c.Name, ct);
        if (committees.Count < committeeIds.Count)
        {
            // A nämnd recorded only after the date is named as it is now.
            foreach (var later in await db.Committees.Current.Where(c => committeeIds.Contains(c.EntityId) && !committees.Keys.Contains(c.EntityId))
                .ToListAsync(ct))
            {
                committees[later.EntityId] = later.Name;
            }
        }

        var units = await db.KnownUnits.AsNoTracking().Where(u => unitIds.Contains(u.UnitId)).ToDictionaryAsync(u => u.UnitId, u => u.NameOn(date), ct);
        var posts = await db.KnownDirectorPosts.AsNoTracking().Where(p => postIds.Contains(p.PostId)).ToDictionaryAsync(p => p.PostId, p => p.Title, ct);
        return assignment => new AssignmentNames(committees.GetValueOrDefault(assignment.CommitteeId, ""), units.GetValueOrDefault(assignment.UnitId, ""),
            posts.GetValueOrDefault(assignment.ResponsibleDirectorPostId, ""));
    }

    /// <summary>
    /// An end reached the assignments tied to it — their unit's dissolution or their nämnd's: every one still open on
    /// <paramref name="on"/> (or on its own start, if later: it never runs) is withdrawn with <paramref name="reason"/> from that
    /// day, decided on the assignment as it stands then, each with its AssignmentWithdrawn. That includes one whose close is
    /// recorded for a later day (the other end, a withdrawal decided ahead): the earlier end wins. One reaction for both ends.
    /// </summary>
    public static async Task<int> WithdrawOnEndAsync(this CommitteesDbContext db,
        System.Linq.Expressions.Expression<Func<CurrentAssignment, bool>> tiedToEnd, DateOnly on,
        string reason, IReadOnlyList<Guid> successorUnitIds, string recordedBy, DateTimeOffset at, CancellationToken ct)
    {
        var issued = AssignmentRecord.StatusName(AssignmentStatus.Issued);
        var reached = await db.Set<CurrentAssignment>().Where(tiedToEnd)
            .Where(a => (a.Status == issued || a.ClosedOn > on) && (a.PeriodTo == null || a.PeriodTo >= on)).ToListAsync(ct);
        var names = await db.NamesOnAsync([.. reached.Select(r => r.ToState())], on, ct);
        var withdrawnCount = 0;
        foreach (var row in reached)
        {
            var day = on < row.PeriodFrom ? row.PeriodFrom : on;
            var state = (await db.Assignments.AsOfAsync(row.EntityId, day, ct))?.ToState() ?? row.ToState();
            if (!state.IsOpen)
            {
                continue; // closed by then already
            }

            var next = row.Revise(new ChangeInfo(day, reason, null, recordedBy), at);
            var withdrawn = AssignmentRules.Withdraw(state, names(state), next, successorUnitIds);
            db.Append(withdrawn.Value ?? throw new InvalidOperationException(string.Join("; ", withdrawn.Errors.Select(e => e.Message))), next, row);
            withdrawnCount++;
        }

        return withdrawnCount;
    }

    /// <summary>Who history names for corrections of data written before ends bounded everything (<see cref="CorrectEndsAsync"/>).</summary>
    public const string CorrectedBy = "Committees (correction against recorded ends)";

    /// <summary>Why a nämnd's dissolution is announced again by the correction.</summary>
    public const string ClosedByEnd = "Every link of the nämnd ends with it, also one planned after its dissolution.";

    /// <summary>
    /// The start-up correction (<c>Nacka.Records.Corrections.EndCorrections</c>): assignments still open after their unit's or
    /// their nämnd's recorded dissolution are withdrawn from it by the same reaction as when the end arrives.
    /// </summary>
    public static async Task<int> CorrectEndsAsync(this CommitteesDbContext db, CancellationToken ct)
    {
        var issued = AssignmentRecord.StatusName(AssignmentStatus.Issued);
        var open = db.Set<CurrentAssignment>().Where(a => a.Status == issued || a.ClosedOn != null);
        var units = await db.KnownUnits.AsNoTracking()
            .Where(u => u.DissolvedOn != null && open.Any(a => a.UnitId == u.UnitId && (a.Status == issued || a.ClosedOn > u.DissolvedOn)
                && (a.PeriodTo == null || a.PeriodTo >= u.DissolvedOn)))
            .Select(u => new { u.UnitId, DissolvedOn = u.DissolvedOn!.Value, u.SuccessorIds }).ToListAsync(ct);
        var committees = await db.Set<CurrentCommittee>().AsNoTracking()
            .Where(c => c.DissolvedOn != null && open.Any(a => a.CommitteeId == c.EntityId && (a.Status == issued || a.ClosedOn > c.DissolvedOn)
                && (a.PeriodTo == null || a.PeriodTo >= c.DissolvedOn)))
            .Select(c => new { c.EntityId, DissolvedOn = c.DissolvedOn!.Value }).ToListAsync(ct);
        var corrected = 0;
        foreach (var unit in units)
        {
            await db.LockUnitForUpdateAsync(unit.UnitId, ct);
            corrected += await db.WithdrawOnEndAsync(a => a.UnitId == unit.UnitId, unit.DissolvedOn, AssignmentState.UnitDissolvedReason,
                unit.SuccessorIds, CorrectedBy,
                DateTimeOffset.UtcNow, ct);
            await db.SaveChangesAsync(ct); // the next end decides on the assignments with this one's correction in their timelines
        }

        foreach (var committee in committees)
        {
            corrected += await db.WithdrawOnEndAsync(a => a.CommitteeId == committee.EntityId, committee.DissolvedOn,
                AssignmentState.CommitteeDissolvedReason, [],
                CorrectedBy, DateTimeOffset.UtcNow, ct);
            await db.SaveChangesAsync(ct);
        }

        // A dissolution recorded before it closed what later segments hold (a link planned after it): closed now, announced again.
        var at = DateTimeOffset.UtcNow;
        foreach (var committee in await db.Committees.CloseItemsAfterEndsAsync("dissolved", new ChangeInfo(default, ClosedByEnd, null, CorrectedBy), at, ct))
        {
            db.AddIntegrationEvent(new CommitteeDissolved(NewIds.Next(), at, committee.EntityId, committee.Version, committee.Name,
                Enum.Parse<CommitteeKind>(committee.Kind),
                committee.DissolvedOn!.Value, ClosedByEnd, Decision: null));
            corrected++;
        }

        return corrected;
    }
}
