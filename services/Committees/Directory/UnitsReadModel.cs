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
            .On<UnitReportingLineChanged>(async (db, e, ct) => (await db.KnownUnits.AppliedAsync(e.UnitId, ct))
                .ReportsTo(e.ReportsTo.DirectorPostId, e.ValidFrom))
            .On<UnitDissolved>(async (db, e, ct) =>
            {
                // The unit's row is locked before its open assignments are looked for: an assignment being issued holds it
                // (share lock) until it commits, so it is either seen here and withdrawn, or issued after and bounded by the end.
                await db.LockUnitForUpdateAsync(e.UnitId, ct);
                var unit = await db.KnownUnits.AppliedAsync(e.UnitId, ct);
                unit.DissolvedOn = e.DissolvedOn;
                unit.SuccessorIds = [.. e.SuccessorIds];
                // Its open assignments are withdrawn from the dissolution date, naming the successors (merge or split) that need a new one.
                await db.WithdrawOnEndAsync(a => a.UnitId == e.UnitId, e.DissolvedOn, AssignmentState.UnitDissolvedReason, e.SuccessorIds, RecordedBy,
                    DateTimeOffset.UtcNow, ct);
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
}
