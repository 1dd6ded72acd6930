using Microsoft.EntityFrameworkCore;
using Nacka.Messaging.Outbox;
using Nacka.Records.Changes;
using Nacka.Rules;
using Nacka.Units.Domain;

namespace Nacka.Units.Data;

/// <summary>Staging a decided change: its revision, the current row, the identifier claims and the events, saved together by the write.</summary>
public static class UnitWrites
{
    public static async Task<CurrentUnit> AppendAsync(this UnitsDbContext db, Changed<UnitState> changed, Revising revising, CurrentUnit? current, CancellationToken cancellationToken)
    {
        var revision = UnitRevision.From(changed.State);
        revision.Stamp(changed.State.Id, revising.Version, changed.Change, revising.Change, revising.At);
        var row = db.Units.Append(revision, current);
        await ClaimIdentifiersAsync(db, changed.State, isNew: current is null, cancellationToken);
        foreach (var announcement in changed.Events)
        {
            db.AddIntegrationEvent(announcement);
        }

        return row;
    }

    public static CurrentDirectorPost Append(this UnitsDbContext db, Changed<DirectorPostState> changed, Revising revising, CurrentDirectorPost? current)
    {
        var revision = DirectorRevision.From(changed.State);
        revision.Stamp(changed.State.Id, revising.Version, changed.Change, revising.Change, revising.At);
        var row = db.Directors.Append(revision, current);
        foreach (var announcement in changed.Events)
        {
            db.AddIntegrationEvent(announcement);
        }

        return row;
    }

    /// <summary>
    /// The unit's identifiers as claims while its dissolution is not recorded; a claim another
    /// unit holds fails the save on the key (409 duplicate-identifier).
    /// </summary>
    private static async Task ClaimIdentifiersAsync(UnitsDbContext db, UnitState unit, bool isNew, CancellationToken cancellationToken)
    {
        if (!isNew)
        {
            foreach (var claim in await db.IdentifierClaims.Where(c => c.UnitId == unit.Id).ToListAsync(cancellationToken))
            {
                db.IdentifierClaims.Remove(claim);
            }

            // Claims staged by an earlier step of the same write (a split, then its dissolution).
            foreach (var staged in db.IdentifierClaims.Local.Where(c => c.UnitId == unit.Id).ToList())
            {
                db.IdentifierClaims.Remove(staged);
            }
        }

        if (!unit.IsDissolutionRecorded)
        {
            db.IdentifierClaims.AddRange(unit.Identifiers.Select(i => new UnitIdentifierClaim { Scheme = i.Scheme, Value = i.Value, UnitId = unit.Id }));
        }
    }
}
