using Microsoft.EntityFrameworkCore;
using Nacka.Contracts.Mandates;
using Nacka.Contracts.Processes;
using Nacka.Contracts.Units;
using Nacka.Messaging.ReadModels;
using Nacka.Processes.Data;
using Nacka.Processes.Domain;
using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Processes.Directory;

/// <summary>
/// What Processes keeps of other services' records — units, director posts with their holders,
/// and managers' mandates — from their events, by the toolkit's consumer (version order, gaps
/// filled from the replay feeds, each version once). A unit's dissolution ends its participation
/// and its manager's seats in every process.
/// </summary>
public static class OrganisationReadModel
{
    public const string RecordedBy = "Processes (on Units' UnitDissolved)";

    public static IHostApplicationBuilder AddOrganisationReadModel(this IHostApplicationBuilder builder) =>
        builder.AddReadModel<ProcessesDbContext>(model => model
            .On<UnitEstablished>((db, e, ct) =>
            {
                var unit = new KnownUnit { UnitId = e.UnitId, EstablishedOn = e.EstablishedOn };
                unit.Rename(e.Name, e.EstablishedOn);
                db.KnownUnits.Add(unit);
                return Task.CompletedTask;
            })
            // Each rename from its own date: a name decided for next year is the name next year, not today.
            .On<UnitRenamed>(async (db, e, ct) => (await db.KnownUnits.AppliedAsync(e.UnitId, ct)).Rename(e.Name, e.ValidFrom))
            .On<UnitDissolved>(async (db, e, ct) =>
            {
                (await db.KnownUnits.AppliedAsync(e.UnitId, ct)).DissolvedOn = e.DissolvedOn;
                await EndUnitEverywhereAsync(db, e, ct);
            })
            .On<DirectorPostCreated>((db, e, ct) =>
            {
                db.KnownDirectorPosts.Add(new KnownDirectorPost { PostId = e.DirectorPostId, Title = e.Title, CreatedOn = e.CreatedOn });
                return Task.CompletedTask;
            })
            .On<DirectorAppointed>(async (db, e, ct) =>
            {
                var post = await db.KnownDirectorPosts.AppliedAsync(e.DirectorPostId, ct);
                post.Title = e.Title;
                post.Appoint(e.HolderName, e.ValidFrom);
            })
            .On<DirectorPostVacated>(async (db, e, ct) => (await db.KnownDirectorPosts.AppliedAsync(e.DirectorPostId, ct)).Appoint(null, e.ValidFrom))
            .On<MandateGranted>((db, e, ct) =>
            {
                db.KnownMandates.Add(new KnownMandate { MandateId = e.MandateId, UnitId = e.UnitId, HolderName = e.Holder.Name, ValidFrom = e.ValidFrom, ValidTo = e.ValidTo });
                return Task.CompletedTask;
            })
            .On<MandateEnded>(async (db, e, ct) => (await db.KnownMandates.AppliedAsync(e.MandateId, ct)).EndedOn = e.EndedOn));

    /// <summary>The dissolved unit leaves every process it takes part in, and its manager's seats end, from the dissolution date — once, with the event's version.</summary>
    private static async Task EndUnitEverywhereAsync(ProcessesDbContext db, UnitDissolved dissolved, CancellationToken ct)
    {
        var pattern = $"%{dissolved.UnitId}%";
        // A process holds its units and seats as jsonb; the few processes naming the unit are found by text, then decided on their state.
        var candidates = await db.Set<CurrentProcess>()
            .FromSql($"SELECT * FROM processes.processes WHERE \"EndedOn\" IS NULL AND (\"Units\"::text LIKE {pattern} OR \"ManagementGroup\"::text LIKE {pattern})")
            .ToListAsync(ct);
        foreach (var row in candidates)
        {
            // Decided on the process as it stands on the dissolution date and recorded from that date, whatever
            // the process has scheduled after it (another unit's departure in February does not keep this one in).
            var holding = await db.Processes.AsOfAsync(row.EntityId, dissolved.DissolvedOn, ct);
            var process = holding?.ToState() ?? row.ToState();
            var on = holding is null ? row.ValidFrom : dissolved.DissolvedOn;
            var next = row.Revise(new ChangeInfo(on, SeatEndReasons.UnitDissolved, null, RecordedBy), DateTimeOffset.UtcNow);
            var names = await db.NamesForAsync(process, on, ct);
            names = names with { Units = new Dictionary<Guid, string>(names.Units) { [dissolved.UnitId] = dissolved.UnitName } };
            var steps = ProcessParticipation.LeaveUnit(process, dissolved.UnitId, names, next, unitDissolved: true);
            if (steps.Value is { Steps.Count: > 0 } decided)
            {
                db.Append(decided, row);
            }

            await CancelPlannedAsync(db, row, dissolved, names, ct);
        }
    }

    /// <summary>
    /// What the process has planned for the unit after its dissolution — a participation or its manager's seat starting later —
    /// never holds: each ends on its own first day (cancelled, not ended before it starts), decided on the process as it stands then.
    /// </summary>
    private static async Task CancelPlannedAsync(ProcessesDbContext db, CurrentProcess row, UnitDissolved dissolved, ProcessNames names, CancellationToken ct)
    {
        // The end on the dissolution date is in the timeline first, so each later change is decided on the process with it.
        await db.SaveChangesAsync(ct);
        var latest = row.ToState();
        var planned = latest.Units.Where(u => u.UnitId == dissolved.UnitId && u.From > dissolved.DissolvedOn && (u.To is null || u.To > u.From)).Select(u => u.From)
            .Concat(latest.Group.Where(s => s.Kind == Seats.UnitManager && s.UnitId == dissolved.UnitId && s.From > dissolved.DissolvedOn && (s.To is null || s.To > s.From))
                .Select(s => s.From))
            .Distinct().Order().ToList();
        foreach (var from in planned)
        {
            var process = (await db.Processes.AsOfAsync(row.EntityId, from, ct))?.ToState() ?? row.ToState();
            var next = row.Revise(new ChangeInfo(from, SeatEndReasons.UnitDissolved, null, RecordedBy), DateTimeOffset.UtcNow);
            if (ProcessParticipation.LeaveUnit(process, dissolved.UnitId, names, next, unitDissolved: true).Value is { Steps.Count: > 0 } cancelled)
            {
                db.Append(cancelled, row);
                await db.SaveChangesAsync(ct);
            }
        }
    }
}
