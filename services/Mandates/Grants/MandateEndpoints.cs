using Nacka.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nacka.Mandates.Data;
using Nacka.Mandates.Domain;
using Nacka.Records.Changes;
using Nacka.Records.Http;
using Nacka.Records.Idempotency;
using Nacka.Rules;
using Nacka.Records.Writes;

namespace Nacka.Mandates.Grants;

/// <summary>Granting and revoking mandates: the KS secretariat records kommunstyrelsen's decisions.</summary>
public static class MandateEndpoints
{
    public static RouteGroupBuilder MapMandateDecisions(this RouteGroupBuilder mandates)
    {
        mandates.MapPost("/", GrantAsync).WithName("GrantMandate")
            .WithSummary("Kommunstyrelsen grants a manager the mandate for a unit; the unit's current mandate is superseded (send Idempotency-Key "
                + "to retry safely)")
            .WithIdempotencyKey().ProducesWriteProblems();
        mandates.MapPost("/{id:guid}/revoke", RevokeAsync).WithName("RevokeMandate").WithSummary("Kommunstyrelsen revokes a mandate from a date")
            .ProducesWriteProblems();
        return mandates;
    }

    private static Task<Results<Created<MandateDto>, ProblemHttpResult, IdempotentReplay>> GrantAsync(GrantMandateRequest request, MandatesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        db.WriteAsync(http, async token =>
        {
            var today = clock.Today();
            var validFrom = request.ValidFrom ?? today;
            var at = clock.GetUtcNow();
            var unit = request.UnitId is { } unitId ? await db.LockUnitAsync(unitId, token) : null;
            var committee = request.Decision?.CommitteeId is { } committeeId ? await db.KnownCommittees.AsNoTracking()
                .SingleOrDefaultAsync(c => c.CommitteeId == committeeId, token) : null;
            var (open, planned) = unit is null ? (null, null) : await db.MandateToTakeOverAsync(unit.UnitId, validFrom, token);
            var draft = new GrantDraft(request.Holder?.Name, request.Holder?.EmployeeId, request.Title, request.Scope, request.Decision.ToDraft(),
                validFrom, request.ValidTo);
            var caller = Caller.Name(http);
            // The ids and the moment come from here; the decision is named once the rule has found the board.
            var first = Revising.First(new ChangeInfo(Changes.RecordedFrom(validFrom, today), Reason(request), null, caller), at, NewIds.Next);
            var ending = open?.Revise(new ChangeInfo(validFrom, null, null, caller ?? ""), at);
            var grant = MandateRules.Grant(Guid.CreateVersion7(), draft, unit?.ToFacts(validFrom), committee?.ToFacts(), open is null ? null
                : (open.ToState(), ending!),
                [.. (await db.EndedMandatesAsync(request.UnitId, token)).Where(m => m.Id != open?.EntityId)], first, planned);
            if (!grant.Succeeded)
            {
                return grant.Fail<MandateDto>();
            }

            if (grant.Value!.PreviousEnded is { } previous)
            {
                db.Append(previous.Change, previous.Revision, open);
            }

            var granted = grant.Value.Granted.State;
            var decision = new Decision(granted.Decision.CommitteeName, granted.Decision.Date, granted.Decision.Paragraph, granted.Decision.CaseNumber);
            var row = db.Append(grant.Value.Granted, first with { Change = first.Change with { Decision = decision } }, current: null);
            if (grant.Value.EndsAhead is { } endsAhead)
            {
                row = db.Append(endsAhead.Change, endsAhead.Revision, row);
            }

            return MandateDto.From(row, unit!.NameOn(today), today);
        }, mandate => TypedResults.Created($"/api/mandates/{mandate.Id}", mandate).WithETag(http, mandate.Version), ct);

    private static Task<Results<Ok<MandateDto>, ProblemHttpResult, IdempotentReplay>> RevokeAsync(Guid id, RevokeMandateRequest request, MandatesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var change = Changes.Describe(http, clock, request.EndedOn, request, "endedOn");
        return db.ChangeAsync(db.Mandates, id, "mandate", http, change, clock.GetUtcNow(), async (target, token) =>
        {
            var committee = request.Decision?.CommitteeId is { } committeeId ? await db.KnownCommittees.AsNoTracking()
                .SingleOrDefaultAsync(c => c.CommitteeId == committeeId, token) : null;
            var unitName = (await db.KnownUnits.AsNoTracking()
                .SingleOrDefaultAsync(u => u.UnitId == target.Current.UnitId, token))?.NameOn(change.ValidFrom) ?? "";
            // An end is final whatever its date (a successor's grant may have recorded one ahead): decide on the mandate as it stands furthest ahead.
            var revoked = MandateRules.Revoke(target.Latest.ToState(), unitName, request.Decision.ToDraft(), committee?.ToFacts(), target.Next);
            if (!revoked.Succeeded)
            {
                return revoked.Fail<MandateDto>();
            }

            var d = request.Decision!;
            var next = target.Next with { Change = change with { Decision = new Decision(committee!.Name, d.Date!.Value, d.Paragraph, d.CaseNumber) } };
            var row = db.Append(revoked.Value!, next, target.Current);
            return MandateDto.From(row, unitName, change.ValidFrom);
        }, mandate => mandate.Version, ct);
    }

    private static string? Reason(GrantMandateRequest request) => string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
}
