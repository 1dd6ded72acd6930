using Nacka.Contracts.Mandates;
using Microsoft.EntityFrameworkCore;
using Nacka.Mandates.Domain;
using Nacka.Messaging.Outbox;
using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Mandates.Data;

/// <summary>Staging a decided change of a mandate: its revision, current row and events, saved together by the write.</summary>
public static class MandateWrites
{
    public static CurrentMandate Append(this MandatesDbContext db, Changed<MandateState> changed, Revising revising, CurrentMandate? current)
    {
        var revision = MandateRevision.From(changed.State);
        revision.Stamp(changed.State.Id, revising.Version, changed.Change, revising.Change, revising.At);
        var row = db.Mandates.Append(revision, current);
        foreach (var announcement in changed.Events)
        {
            db.AddIntegrationEvent(announcement);
        }

        return row;
    }

    /// <summary>
    /// The unit's read-model row, locked until the write commits: grants for one unit, and the
    /// unit's dissolution being applied, take their turn, so two grants never both supersede the
    /// same mandate and no mandate is granted on a unit as it is dissolved.
    /// </summary>
    public static Task<KnownUnit?> LockUnitAsync(this MandatesDbContext db, Guid unitId, CancellationToken ct) =>
        db.KnownUnits.FromSql($"SELECT * FROM mandates.known_units WHERE \"UnitId\" = {unitId} FOR UPDATE").AsNoTracking().SingleOrDefaultAsync(ct);

    /// <summary>The unit's mandates whose end is recorded (none for no unit), as the grant rule checks them.</summary>
    public static async Task<IReadOnlyList<MandateState>> EndedMandatesAsync(this MandatesDbContext db, Guid? unitId, CancellationToken ct) =>
        unitId is null ? [] : [.. (await db.Mandates.Current.Where(m => m.UnitId == unitId && m.EndedOn != null).ToListAsync(ct)).Select(m => m.ToState())];

    /// <summary>
    /// The mandate a grant from <paramref name="from"/> takes over from, tracked (so ending it updates its row): the unit's
    /// mandate whose end is not recorded, or else the one that started before <paramref name="from"/> and holds then, ending
    /// later only because its unit's dissolution is recorded (see <see cref="MandateRules.Grant"/>). When the mandate whose end
    /// is not recorded starts after <paramref name="from"/> (a successor kommunstyrelsen has appointed ahead), it is
    /// <c>Planned</c>: the grant fills the time until it, taking over from the mandate it was to supersede, if that holds then.
    /// </summary>
    public static async Task<(CurrentMandate? TakeOver, MandateState? Planned)> MandateToTakeOverAsync(this MandatesDbContext db, Guid unitId, DateOnly from,
        CancellationToken ct)
    {
        var open = await db.Set<CurrentMandate>().SingleOrDefaultAsync(m => m.UnitId == unitId && m.EndedOn == null, ct);
        if (open is not null && open.MandateFrom > from)
        {
            var superseded = await db.Set<CurrentMandate>().Where(m => m.UnitId == unitId && m.SuccessorId == open.EntityId
                && m.EndReason == MandateEndReasons.Superseded && m.MandateFrom < from && (m.MandateTo == null || m.MandateTo >= from)).FirstOrDefaultAsync(ct);
            return (superseded, open.ToState());
        }

        return (open ?? await db.Set<CurrentMandate>()
            .Where(m => m.UnitId == unitId && m.EndReason == MandateEndReasons.UnitDissolved && m.MandateFrom < from
                && (m.MandateTo == null || m.MandateTo >= from) && m.EndedOn > from)
            .OrderByDescending(m => m.MandateFrom).FirstOrDefaultAsync(ct), null);
    }

    /// <summary>
    /// The unit is dissolved from <paramref name="on"/>: every mandate of it that would still hold
    /// then ends — one holding that day ends that day (an end recorded for later is brought
    /// forward), a planned one that would start later never holds and ends on its first day.
    /// </summary>
    public static async Task<int> EndWithUnitAsync(this MandatesDbContext db, Guid unitId, string unitName, DateOnly on, string recordedBy, DateTimeOffset at,
        CancellationToken ct)
    {
        var endedCount = 0;
        foreach (var row in await db.Set<CurrentMandate>().Where(m => m.UnitId == unitId).ToListAsync(ct))
        {
            var mandate = row.ToState();
            var from = mandate.ValidFrom > on ? mandate.ValidFrom : on;
            var next = row.Revise(new ChangeInfo(from, MandateEndReasons.UnitDissolved, null, recordedBy), at);
            if (MandateRules.EndWithUnit(mandate, unitName, next) is { } ended)
            {
                db.Append(ended, next, row);
                endedCount++;
            }
        }

        return endedCount;
    }

    /// <summary>Who history names for corrections of data written before ends bounded everything (<see cref="CorrectEndsAsync"/>).</summary>
    public const string CorrectedBy = "Mandates (correction against recorded ends)";

    /// <summary>
    /// The start-up correction (<c>Nacka.Records.Corrections.EndCorrections</c>): a mandate still holding after its unit's
    /// recorded dissolution, or planned to start after it, ends as the dissolution would have ended it.
    /// </summary>
    public static async Task<int> CorrectEndsAsync(this MandatesDbContext db, CancellationToken ct)
    {
        var mandates = db.Set<CurrentMandate>();
        var units = await db.KnownUnits.AsNoTracking()
            .Where(u => u.DissolvedOn != null && mandates.Any(m => m.UnitId == u.UnitId && (m.MandateTo == null || m.MandateTo >= u.DissolvedOn)
                && (m.EndedOn == null || m.EndedOn > (m.MandateFrom > u.DissolvedOn ? m.MandateFrom : u.DissolvedOn))))
            .ToListAsync(ct);
        var corrected = 0;
        foreach (var unit in units)
        {
            await db.LockUnitAsync(unit.UnitId, ct);
            corrected += await db.EndWithUnitAsync(unit.UnitId, unit.NameOn(unit.DissolvedOn!.Value), unit.DissolvedOn.Value, CorrectedBy,
                DateTimeOffset.UtcNow, ct);
        }

        return corrected;
    }

    /// <summary>
    /// Ends an open mandate for a reason that is not a decision (its unit dissolved, its validity
    /// ran out) from <paramref name="on"/>, or from its start if that is later (it never held).
    /// </summary>
    public static void EndAutomatically(this MandatesDbContext db, CurrentMandate row, string unitName, string reason, DateOnly on, string recordedBy,
        DateTimeOffset at)
    {
        var from = on < row.ValidFrom ? row.ValidFrom : on;
        var next = row.Revise(new ChangeInfo(from, reason, null, recordedBy), at);
        var ended = MandateRules.EndFor(row.ToState(), unitName, reason, next);
        db.Append(ended.Value ?? throw new InvalidOperationException(string.Join("; ", ended.Errors.Select(e => e.Message))), next, row);
    }
}
