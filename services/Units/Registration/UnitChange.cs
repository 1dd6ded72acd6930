using Microsoft.AspNetCore.Http.HttpResults;
using Nacka.Records.Changes;
using Nacka.Records.Http;
using Nacka.Rules;
using Nacka.Records.Writes;
using Nacka.Units.Data;
using Nacka.Units.Domain;
using Nacka.Units.Managers;
using Nacka.Units.Queries;

namespace Nacka.Units.Registration;

/// <summary>The common path of every change to one existing unit.</summary>
internal static class UnitChange
{
    /// <summary>
    /// Loads the unit's current row, checks If-Match, lets <paramref name="rule"/> decide, stages the
    /// result and answers with the unit as of the change's date, all in one retried write.
    /// </summary>
    public static Task<Results<Ok<UnitDto>, ProblemHttpResult, IdempotentReplay>> ApplyAsync(Guid id, UnitsDbContext db, HttpContext http, TimeProvider clock,
        ChangeInfo change, Func<UnitState, Revising, CancellationToken, Task<Outcome<Changed<UnitState>>>> rule, CancellationToken cancellationToken) =>
        db.ChangeAsync(db.Units, id, "unit", http, change, clock.GetUtcNow(), async (target, ct) =>
        {
            var decided = await rule(target.Current.ToState(), target.Next, ct);
            if (!decided.Succeeded)
            {
                return decided.Fail<UnitDto>();
            }

            var row = db.Append(decided.Value!, target.Next, target.Current);
            return await AnswerAsync(db, row, change.ValidFrom, ct);
        }, unit => unit.Version, cancellationToken);

    /// <summary>
    /// A unit just registered, as the answer (as of <paramref name="today"/>). When its reporting line was checked today, the answer
    /// shows the director post as checked instead of reading it again; and it has no manager: its id was made in this write, so no
    /// mandate can name it yet. Two round trips fewer per registration.
    /// </summary>
    public static async Task<Outcome<UnitDto>> AnswerNewAsync(UnitsDbContext db, StagedUnit staged, DateOnly today, CancellationToken ct) =>
        staged.CheckedOn == today
            ? UnitDto.From(staged.Row, new Dictionary<Guid, DirectorPostState> { [staged.Row.DirectorPostId] = staged.Director },
                new Dictionary<Guid, UnitManager>(), today)
            : await AnswerAsync(db, staged.Row, today, ct);

    /// <summary>A unit as the answer to a write: as of the change's date, with its director.</summary>
    public static async Task<Outcome<UnitDto>> AnswerAsync(UnitsDbContext db, UnitRecord row, DateOnly asOf, CancellationToken ct)
    {
        var (directors, managers) = await UnitQueryEndpoints.LeadersOnAsync(db, row, asOf, ct);
        return UnitDto.From(row, directors, managers, asOf);
    }
}
