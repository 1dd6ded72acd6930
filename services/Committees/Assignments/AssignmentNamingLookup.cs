using Microsoft.EntityFrameworkCore;
using Nacka.Committees.Data;

namespace Nacka.Committees.Assignments;

internal static class AssignmentNamingLookup
{
    /// <summary>The names a page of assignments shows, in three queries whatever the page size; committees named as of <paramref name="asOf"/>.</summary>
    public static async Task<AssignmentNaming> NamingAsync(this CommitteesDbContext db, IReadOnlyCollection<AssignmentRecord> rows, DateOnly asOf, CancellationToken ct)
    {
        var committeeIds = rows.Select(r => r.CommitteeId).Distinct().ToList();
        var unitIds = rows.SelectMany(r => r.SuccessorUnitIds.Append(r.UnitId)).Distinct().ToList();
        var committees = await db.Committees.AsOf(asOf).Where(c => committeeIds.Contains(c.EntityId)).Select(c => new { c.EntityId, c.Name, c.Kind }).ToListAsync(ct);
        // A committee not yet recorded on that date is shown by its first name.
        var missing = committeeIds.Except(committees.Select(c => c.EntityId)).ToList();
        if (missing.Count > 0)
        {
            committees.AddRange(await db.Committees.Current.Where(c => missing.Contains(c.EntityId)).Select(c => new { c.EntityId, c.Name, c.Kind }).ToListAsync(ct));
        }

        var units = (await db.KnownUnits.AsNoTracking().Where(u => unitIds.Contains(u.UnitId)).ToListAsync(ct)).ToDictionary(u => u.UnitId, u => u.NameOn(asOf));
        var directors = await db.DirectorPostsAsync(rows.Select(r => r.ResponsibleDirectorPostId), asOf, ct);
        return new AssignmentNaming(committees.ToDictionary(c => c.EntityId, c => new CommitteeRefDto(c.EntityId, c.Name, c.Kind)), units, directors);
    }

    public static async Task<AssignmentDto> DtoAsync(this CommitteesDbContext db, AssignmentRecord row, DateOnly asOf, CancellationToken ct) =>
        (await db.NamingAsync([row], asOf, ct)).Dto(row, asOf);
}
