using Nacka.Contracts.Committees;
using Nacka.Contracts.Mandates;
using Nacka.Contracts.Units;
using Nacka.Mandates.Data;
using Nacka.Messaging.ReadModels;

namespace Nacka.Mandates.Directory;

/// <summary>
/// What Mandates keeps of the Units and Committees services' records — units (name, manager
/// title, dates) and committees (which is kommunstyrelsen, when) — from their events, by the
/// toolkit's consumer (version order, gaps filled from their replay feeds, each version once).
/// A unit's dissolution also ends its mandate.
/// </summary>
public static class OrganisationReadModel
{
    public const string RecordedBy = "Mandates (on Units' UnitDissolved)";

    public static IHostApplicationBuilder AddOrganisationReadModel(this IHostApplicationBuilder builder) =>
        builder.AddReadModel<MandatesDbContext>(model => model
            .On<UnitEstablished>((db, e, ct) =>
            {
                var unit = new KnownUnit { UnitId = e.UnitId, EstablishedOn = e.EstablishedOn };
                unit.Rename(e.Name, e.EstablishedOn);
                unit.LedBy(e.ManagerTitle.ToString(), e.EstablishedOn);
                db.KnownUnits.Add(unit);
                return Task.CompletedTask;
            })
            // Each change from its own date: a rename decided for next year is the name next year, not today.
            .On<UnitRenamed>(async (db, e, ct) => (await db.KnownUnits.AppliedAsync(e.UnitId, ct)).Rename(e.Name, e.ValidFrom))
            .On<UnitDetailsChanged>(async (db, e, ct) => (await db.KnownUnits.AppliedAsync(e.UnitId, ct)).LedBy(e.ManagerTitle.ToString(), e.ValidFrom))
            .On<UnitDissolved>(async (db, e, ct) =>
            {
                // The unit's row locked before the mandates are looked for: a grant (which locks it too) committed meanwhile would
                // otherwise be missed and hold on a dissolved unit (found by MandateTimelineModelTests, CI seed 18UsXRdNr5j4).
                await db.LockUnitAsync(e.UnitId, ct);
                var unit = await db.KnownUnits.AppliedAsync(e.UnitId, ct);
                unit.DissolvedOn = e.DissolvedOn;
                // A merged or split unit is dissolved too: its successors need new grants (Units lists them as without a manager).
                await db.EndWithUnitAsync(e.UnitId, e.UnitName, e.DissolvedOn, RecordedBy, DateTimeOffset.UtcNow, ct);
            })
            .On<CommitteeEstablished>((db, e, ct) =>
            {
                db.KnownCommittees.Add(new KnownCommittee
                {
                    CommitteeId = e.CommitteeId, Name = e.Name, IsExecutiveBoard = e.Kind == CommitteeKind.ExecutiveBoard, EstablishedOn = e.EstablishedOn,
                });
                return Task.CompletedTask;
            })
            .On<CommitteeDetailsChanged>(async (db, e, ct) => (await db.KnownCommittees.AppliedAsync(e.CommitteeId, ct)).Name = e.Name)
            .On<CommitteeDissolved>(async (db, e, ct) => (await db.KnownCommittees.AppliedAsync(e.CommitteeId, ct)).DissolvedOn = e.DissolvedOn));
}
