using Microsoft.EntityFrameworkCore;
using Nacka.Committees.Data;

namespace Nacka.Committees.Assignments;

internal static class AssignmentNamingLookup
{
    /// <summary>The names a page of assignments shows, in three queries whatever the page size; committees named as of <paramref name="asOf"/>.
    /// A unit the caller has read already (<paramref name="known"/>: the summary's) is named from it, not read again.</summary>
    public static async Task<AssignmentNaming> NamingAsync(this CommitteesDbContext db, IReadOnlyCollection<AssignmentRecord> rows, DateOnly asOf,
        CancellationToken ct, KnownUnit? known = null)
    {
        if (rows.Count == 0)
        {
            return new AssignmentNaming(new Dictionary<Guid, CommitteeRefDto>(), new Dictionary<Guid, string>(),
                new Dictionary<Guid, Nacka.Committees.Domain.DirectorPost>());
        }

        var committees = await db.CommitteeRefsAsync(rows.Select(r => r.CommitteeId), asOf, ct);
        var unitIds = rows.SelectMany(r => r.SuccessorUnitIds.Append(r.UnitId)).Distinct().Where(id => id != known?.UnitId).ToList();
        var units = unitIds.Count == 0 ? []
            : (await db.KnownUnits.AsNoTracking().Where(u => unitIds.Contains(u.UnitId)).ToListAsync(ct)).ToDictionary(u => u.UnitId, u => u.NameOn(asOf));
        if (known is not null)
        {
            units[known.UnitId] = known.NameOn(asOf);
        }

        var directors = await db.DirectorPostsAsync(rows.Select(r => r.ResponsibleDirectorPostId), asOf, ct);
        return new AssignmentNaming(committees, units, directors);
    }

    /// <summary>Committees named as on <paramref name="asOf"/> (a nämnd renamed from next year keeps its name until then); one not yet recorded then,
    /// by its first name.</summary>
    public static async Task<Dictionary<Guid, CommitteeRefDto>> CommitteeRefsAsync(this CommitteesDbContext db, IEnumerable<Guid> committeeIds, DateOnly asOf,
        CancellationToken ct)
    {
        var ids = committeeIds.Distinct().ToList();
        var committees = await db.Committees.AsOf(asOf).Where(c => ids.Contains(c.EntityId)).Select(c => new { c.EntityId, c.Name, c.Kind }).ToListAsync(ct);
        var missing = ids.Except(committees.Select(c => c.EntityId)).ToList();
        if (missing.Count > 0)
        {
            committees.AddRange(await db.Committees.Current.Where(c => missing.Contains(c.EntityId)).Select(c => new { c.EntityId, c.Name, c.Kind })
                .ToListAsync(ct));
        }

        return committees.ToDictionary(c => c.EntityId, c => new CommitteeRefDto(c.EntityId, c.Name, c.Kind));
    }

    public static async Task<AssignmentDto> DtoAsync(this CommitteesDbContext db, AssignmentRecord row, DateOnly asOf, CancellationToken ct) =>
        (await db.NamingAsync([row], asOf, ct)).Dto(row, asOf);
}
