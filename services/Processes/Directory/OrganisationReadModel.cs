using Microsoft.EntityFrameworkCore;
using Nacka.Contracts.Mandates;
using Nacka.Contracts.Processes;
using Nacka.Contracts.Units;
using Nacka.Messaging.Outbox;
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
                await db.LockUnitForUpdateAsync(e.UnitId, ct); // before looking: a join being written is seen, or waits and sees the dissolution
                (await db.KnownUnits.AppliedAsync(e.UnitId, ct)).DissolvedOn = e.DissolvedOn;
                await db.EndUnitEverywhereAsync(e.UnitId, e.UnitName, e.DissolvedOn, RecordedBy, ct);
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
                db.KnownMandates.Add(new KnownMandate { MandateId = e.MandateId, UnitId = e.UnitId, HolderName = e.Holder.Name,
                    ValidFrom = e.ValidFrom, ValidTo = e.ValidTo });
                return Task.CompletedTask;
            })
            .On<MandateEnded>(async (db, e, ct) => (await db.KnownMandates.AppliedAsync(e.MandateId, ct)).EndedOn = e.EndedOn));

    /// <summary>Who history names for corrections of data written before ends bounded everything (<see cref="CorrectEndsAsync"/>).</summary>
    public const string CorrectedBy = "Processes (correction against recorded ends)";

    /// <summary>Why a process's end is announced again by the correction.</summary>
    public const string ClosedByEnd = "Everything in the process ends with it, also what was planned after its end.";

    /// <summary>
    /// The start-up correction (<c>Nacka.Records.Corrections.EndCorrections</c>): every unit whose dissolution is recorded leaves
    /// the processes that still have it (or its manager's seat) after that day, by the same reaction as when the end arrives.
    /// One query finds the units that still disagree (none, after the first start), so a start costs one look, not one per unit.
    /// </summary>
    public static async Task<int> CorrectEndsAsync(this ProcessesDbContext db, CancellationToken ct)
    {
        var disagreeing = await db.Database.SqlQuery<Guid>($"""
            SELECT DISTINCT u."UnitId" AS "Value"
            FROM processes.known_units u
            JOIN processes.processes p ON p."EndedOn" IS NULL OR p."EndedOn" > u."DissolvedOn"
            CROSS JOIN LATERAL jsonb_array_elements(p."Units" || p."ManagementGroup") part
            WHERE u."DissolvedOn" IS NOT NULL AND part->>'unitId' = u."UnitId"::text
              AND (part->>'to' IS NULL OR (part->>'to')::date > GREATEST(u."DissolvedOn", (part->>'from')::date))
            """).ToListAsync(ct);
        var corrected = 0;
        foreach (var unit in await db.KnownUnits.AsNoTracking().Where(u => disagreeing.Contains(u.UnitId)).ToListAsync(ct))
        {
            corrected += await db.EndUnitEverywhereAsync(unit.UnitId, unit.NameOn(unit.DissolvedOn!.Value), unit.DissolvedOn.Value, CorrectedBy, ct);
        }

        // A process's end recorded before it closed what later segments hold (a join planned after it): closed now, announced again.
        var at = DateTimeOffset.UtcNow;
        foreach (var process in await db.Processes.CloseItemsAfterEndsAsync("ended", new ChangeInfo(default, ClosedByEnd, null, CorrectedBy), at, ct))
        {
            db.AddIntegrationEvent(new ProcessEnded(NewIds.Next(), at, process.EntityId, process.Version, process.Name, process.EndedOn!.Value, ClosedByEnd));
            corrected++;
        }

        return corrected;
    }

    /// <summary>
    /// The dissolved unit leaves every process it takes part in, and its manager's seats end, from the dissolution date — once,
    /// with the event's version; what is planned after it is cancelled. Returns how many changes it made.
    /// </summary>
    private static async Task<int> EndUnitEverywhereAsync(this ProcessesDbContext db, Guid unitId, string unitName, DateOnly dissolvedOn,
        string recordedBy, CancellationToken ct)
    {
        var changed = 0;
        var pattern = $"%{unitId}%";
        // A process holds its units and seats as jsonb; the few processes naming the unit are found by text, then decided on their state.
        // One whose end is recorded after the dissolution is among them: the earlier end wins (RecordSet carries it across the process's end).
        var candidates = await db.Set<CurrentProcess>()
            .FromSql($"""
                SELECT * FROM processes.processes WHERE ("EndedOn" IS NULL OR "EndedOn" > {dissolvedOn})
                AND ("Units"::text LIKE {pattern} OR "ManagementGroup"::text LIKE {pattern})
                """)
            .ToListAsync(ct);
        foreach (var row in candidates)
        {
            // Decided on the process as it stands on the dissolution date and recorded from that date, whatever
            // the process has scheduled after it (another unit's departure in February does not keep this one in).
            var holding = await db.Processes.AsOfAsync(row.EntityId, dissolvedOn, ct);
            var process = holding?.ToState() ?? row.ToState();
            var on = holding is null ? row.ValidFrom : dissolvedOn;
            var next = row.Revise(new ChangeInfo(on, SeatEndReasons.UnitDissolved, null, recordedBy), DateTimeOffset.UtcNow);
            var names = await db.NamesForAsync(process, on, ct);
            names = names with { Units = new Dictionary<Guid, string>(names.Units) { [unitId] = unitName } };
            var steps = ProcessParticipation.LeaveUnit(process, unitId, names, next, unitDissolved: true);
            if (steps.Value is { Steps.Count: > 0 } decided)
            {
                db.Append(decided, row);
                changed++;
            }

            changed += await CancelPlannedAsync(db, row, unitId, dissolvedOn, recordedBy, names, ct);
        }

        return changed;
    }

    /// <summary>
    /// What the process has planned for the unit after its dissolution — a participation or its manager's seat starting later —
    /// never holds: each ends on its own first day (cancelled, not ended before it starts), decided on the process as it stands then.
    /// </summary>
    private static async Task<int> CancelPlannedAsync(ProcessesDbContext db, CurrentProcess row, Guid unitId, DateOnly dissolvedOn, string recordedBy,
        ProcessNames names,
        CancellationToken ct)
    {
        var cancelledCount = 0;
        // The end on the dissolution date is in the timeline first, so each later change is decided on the process with it.
        await db.SaveChangesAsync(ct);
        var latest = row.ToState();
        var planned = latest.Units.Where(u => u.UnitId == unitId && u.From > dissolvedOn && (u.To is null || u.To > u.From)).Select(u => u.From)
            .Concat(latest.Group.Where(s => s.Kind == Seats.UnitManager && s.UnitId == unitId && s.From > dissolvedOn && (s.To is null || s.To > s.From))
                .Select(s => s.From))
            .Distinct().Order().ToList();
        foreach (var from in planned)
        {
            var process = (await db.Processes.AsOfAsync(row.EntityId, from, ct))?.ToState() ?? row.ToState();
            var next = row.Revise(new ChangeInfo(from, SeatEndReasons.UnitDissolved, null, recordedBy), DateTimeOffset.UtcNow);
            if (ProcessParticipation.LeaveUnit(process, unitId, names, next, unitDissolved: true).Value is { Steps.Count: > 0 } cancelled)
            {
                db.Append(cancelled, row);
                await db.SaveChangesAsync(ct);
                cancelledCount++;
            }
        }

        return cancelledCount;
    }
}
