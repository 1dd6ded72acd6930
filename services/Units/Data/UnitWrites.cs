using Nacka.Messaging.Outbox;
using Nacka.Records.Changes;
using Nacka.Rules;
using Nacka.Units.Domain;

namespace Nacka.Units.Data;

/// <summary>Staging a decided change: its revision, the current row and the events, saved together by the write
/// (the days a name or identifier is held follow from the revision, see <see cref="UnitsDbContext.NameDays"/>).</summary>
public static class UnitWrites
{
    public static CurrentUnit Append(this UnitsDbContext db, Changed<UnitState> changed, Revising revising, CurrentUnit? current)
    {
        var revision = UnitRevision.From(changed.State);
        revision.Stamp(changed.State.Id, revising.Version, changed.Change, revising.Change, revising.At);
        var row = db.Units.Append(revision, current);
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
}
