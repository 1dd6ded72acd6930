using Microsoft.EntityFrameworkCore;
using Nacka.Committees.Data;
using Nacka.Committees.Domain;
using Nacka.Contracts.Units;
using Nacka.Messaging.ReadModels;
using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Committees.Directory;

/// <summary>
/// What Committees keeps of the Units service's records — units and director posts — built from
/// its events by the toolkit's consumer (each entity in version order, gaps filled from the Units
/// replay feed, each version applied once). A unit's dissolution also withdraws its open assignments.
/// </summary>
public static class UnitsReadModel
{
    /// <summary>Who history names for changes made by reacting to another service's event.</summary>
    public const string RecordedBy = "Committees (on Units' UnitDissolved)";

    public static IHostApplicationBuilder AddUnitsReadModel(this IHostApplicationBuilder builder) =>
        builder.AddReadModel<CommitteesDbContext>(model => model
            .On<UnitEstablished>(async (db, e, ct) =>
            {
                var unit = new KnownUnit { UnitId = e.UnitId, EstablishedOn = e.EstablishedOn };
                unit.Rename(e.Name, e.EstablishedOn);
                unit.ReportsTo(e.ReportsTo.DirectorPostId, e.EstablishedOn);
                db.KnownUnits.Add(unit);
                await Task.CompletedTask;
            })
            // Each change from its own date: a rename decided for next year is the name next year, not today.
            .On<UnitRenamed>(async (db, e, ct) => (await db.KnownUnits.AppliedAsync(e.UnitId, ct)).Rename(e.Name, e.ValidFrom))
            .On<UnitReportingLineChanged>(async (db, e, ct) => (await db.KnownUnits.AppliedAsync(e.UnitId, ct)).ReportsTo(e.ReportsTo.DirectorPostId, e.ValidFrom))
            .On<UnitDissolved>(async (db, e, ct) =>
            {
                // The unit's row is locked before its open assignments are looked for: an assignment being issued holds it
                // (share lock) until it commits, so it is either seen here and withdrawn, or issued after and bounded by the end.
                await db.LockUnitForUpdateAsync(e.UnitId, ct);
                var unit = await db.KnownUnits.AppliedAsync(e.UnitId, ct);
                unit.DissolvedOn = e.DissolvedOn;
                unit.SuccessorIds = [.. e.SuccessorIds];
                await WithdrawOpenAssignmentsAsync(db, e, ct);
            })
            .On<DirectorPostCreated>(async (db, e, ct) =>
            {
                db.KnownDirectorPosts.Add(new KnownDirectorPost { PostId = e.DirectorPostId, Title = e.Title, CreatedOn = e.CreatedOn });
                await Task.CompletedTask;
            })
            .On<DirectorAppointed>(async (db, e, ct) =>
            {
                var post = await db.KnownDirectorPosts.AppliedAsync(e.DirectorPostId, ct);
                post.Title = e.Title;
                post.HeldBy(e.HolderName, e.ValidFrom);
            })
            .On<DirectorPostVacated>(async (db, e, ct) => (await db.KnownDirectorPosts.AppliedAsync(e.DirectorPostId, ct)).HeldBy(null, e.ValidFrom)));

    /// <summary>
    /// The unit's open assignments are withdrawn with reason <c>unit-dissolved</c> from its
    /// dissolution date, each publishing AssignmentWithdrawn naming the successors (merge or split)
    /// that need a new assignment. Runs once per dissolution: the read model applies each version once.
    /// </summary>
    private static async Task WithdrawOpenAssignmentsAsync(CommitteesDbContext db, UnitDissolved dissolved, CancellationToken ct)
    {
        var issued = AssignmentRecord.StatusName(AssignmentStatus.Issued);
        var open = await db.Set<CurrentAssignment>().Where(a => a.UnitId == dissolved.UnitId && a.Status == issued).ToListAsync(ct);
        if (open.Count == 0)
        {
            return;
        }

        var committeeIds = open.Select(a => a.CommitteeId).Distinct().ToList();
        var committees = await db.Committees.AsOf(dissolved.DissolvedOn).Where(c => committeeIds.Contains(c.EntityId)).ToDictionaryAsync(c => c.EntityId, c => c.Name, ct);
        var posts = await db.DirectorPostsAsync(open.Select(a => a.ResponsibleDirectorPostId), dissolved.DissolvedOn, ct);
        foreach (var row in open)
        {
            // Withdrawn from the dissolution date, decided on the assignment as it stands then (one starting later never runs: from its start).
            var holding = await db.Assignments.AsOfAsync(row.EntityId, dissolved.DissolvedOn, ct);
            var state = holding?.ToState() ?? row.ToState();
            var on = dissolved.DissolvedOn < state.From ? state.From : dissolved.DissolvedOn;
            var change = new ChangeInfo(on, AssignmentState.UnitDissolvedReason, null, RecordedBy);
            var next = row.Revise(change, DateTimeOffset.UtcNow);
            var names = new AssignmentNames(committees.GetValueOrDefault(row.CommitteeId, ""), dissolved.UnitName,
                posts.TryGetValue(row.ResponsibleDirectorPostId, out var post) ? post.Title : "");
            var withdrawn = AssignmentRules.Withdraw(state, names, next, dissolved.SuccessorIds);
            db.Append(withdrawn.Value ?? throw new InvalidOperationException(string.Join("; ", withdrawn.Errors.Select(e => e.Message))), next, row);
        }
    }
}
