using Microsoft.EntityFrameworkCore;
using Nacka.Contracts.Mandates;
using Nacka.Messaging.ReadModels;
using Nacka.Records.Revisions;
using Nacka.Records.Changes;
using Nacka.Rules;
using Nacka.Units.Data;

namespace Nacka.Units.Managers;

/// <summary>Who leads each unit, from the Mandates events, by the toolkit's consumer (version order, gaps filled from the Mandates feed).</summary>
public static class ManagersReadModel
{
    public static IHostApplicationBuilder AddManagersReadModel(this IHostApplicationBuilder builder) =>
        builder.AddReadModel<UnitsDbContext>(model => model
            .On<MandateGranted>((db, e, ct) =>
            {
                db.UnitManagers.Add(new UnitManager
                {
                    MandateId = e.MandateId, UnitId = e.UnitId, HolderName = e.Holder.Name, Title = e.Title.ToString(), ValidFrom = e.ValidFrom,
                        ValidTo = e.ValidTo, GrantedRecordedAt = e.OccurredAt,
                    DecidedBy = e.Decision.CommitteeName, DecidedOn = e.Decision.Date, Paragraph = e.Decision.Paragraph, CaseNumber = e.Decision.CaseNumber,
                });
                return Task.CompletedTask;
            })
            .On<MandateEnded>(async (db, e, ct) =>
            {
                var manager = await db.UnitManagers.AppliedAsync(e.MandateId, ct);
                manager.EndedOn = e.EndedOn;
                manager.EndedRecordedAt = e.OccurredAt;
            }));

    /// <summary>The mandates holding on <paramref name="date"/> for these units as recorded by <paramref name="knownAt"/> (null: now), at most one
    /// per unit.</summary>
    public static async Task<Dictionary<Guid, UnitManager>> ManagersOnAsync(this UnitsDbContext db, IEnumerable<Guid> unitIds, DateOnly date,
        DateTimeOffset? knownAt, CancellationToken ct)
    {
        var ids = unitIds.Distinct().ToList();
        return Latest(await db.UnitManagers.AsNoTracking().Where(m => ids.Contains(m.UnitId)).Where(HoldsOn(date, knownAt)).ToListAsync(ct));
    }

    /// <summary>Each unit's manager among mandates that hold on one date: the one that began last, should two hold that day.</summary>
    public static Dictionary<Guid, UnitManager> Latest(IEnumerable<UnitManager> holding) =>
        holding.GroupBy(m => m.UnitId).ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.ValidFrom).First());

    /// <summary>
    /// A mandate holds from its first day, through its last, until it ended. As recorded by a moment (<c>knownAt</c>; null: now): once its
    /// grant was recorded, and until its end was (an end recorded later did not stand then). A grant or end applied before recording
    /// times were kept counts as recorded all along.
    /// </summary>
    public static readonly System.Linq.Expressions.Expression<Func<UnitManager, DateOnly, DateTimeOffset?, bool>> HoldsOnDate =
        (m, date, knownAt) => m.ValidFrom <= date && (m.ValidTo == null || m.ValidTo >= date)
            && (knownAt == null || m.GrantedRecordedAt == null || m.GrantedRecordedAt <= knownAt)
            && (m.EndedOn == null || m.EndedOn > date || (knownAt != null && m.EndedRecordedAt != null && m.EndedRecordedAt > knownAt));

    /// <summary><see cref="HoldsOnDate"/> on one date as recorded by a moment, for a LINQ query.</summary>
    public static System.Linq.Expressions.Expression<Func<UnitManager, bool>> HoldsOn(DateOnly date, DateTimeOffset? knownAt) =>
        QueryRules.Bind(HoldsOnDate, date, knownAt);
}

/// <summary>Who leads a unit on the date read, and on which decision.</summary>
/// <param name="Name">The manager.</param>
/// <param name="Title">Enhetschef, Rektor or Verksamhetschef.</param>
/// <param name="MandateId">The mandate (GET /api/mandates/{id}).</param>
/// <param name="Decision">Kommunstyrelsen's decision granting it.</param>
public sealed record ManagerDto(string Name, string Title, Guid MandateId, DecisionDto Decision)
{
    public static ManagerDto? From(UnitManager? manager) => manager is null
        ? null
        : new ManagerDto(manager.HolderName, manager.Title, manager.MandateId,
            new DecisionDto(manager.DecidedBy, manager.DecidedOn, manager.Paragraph, manager.CaseNumber));
}
