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
                        ValidTo = e.ValidTo,
                    DecidedBy = e.Decision.CommitteeName, DecidedOn = e.Decision.Date, Paragraph = e.Decision.Paragraph, CaseNumber = e.Decision.CaseNumber,
                });
                return Task.CompletedTask;
            })
            .On<MandateEnded>(async (db, e, ct) =>
            {
                (await db.UnitManagers.AppliedAsync(e.MandateId, ct)).EndedOn = e.EndedOn;
            }));

    /// <summary>The mandates holding on <paramref name="date"/> for these units (at most one per unit).</summary>
    public static async Task<Dictionary<Guid, UnitManager>> ManagersOnAsync(this UnitsDbContext db, IEnumerable<Guid> unitIds, DateOnly date,
        CancellationToken ct)
    {
        var ids = unitIds.Distinct().ToList();
        return Latest(await db.UnitManagers.AsNoTracking().Where(m => ids.Contains(m.UnitId)).Where(HoldsOn(date)).ToListAsync(ct));
    }

    /// <summary>Each unit's manager among mandates that hold on one date: the one that began last, should two hold that day.</summary>
    public static Dictionary<Guid, UnitManager> Latest(IEnumerable<UnitManager> holding) =>
        holding.GroupBy(m => m.UnitId).ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.ValidFrom).First());

    /// <summary>A mandate holds from its first day, through its last, until it ended.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<UnitManager, DateOnly, bool>> HoldsOnDate =
        (m, date) => m.ValidFrom <= date && (m.ValidTo == null || m.ValidTo >= date) && (m.EndedOn == null || m.EndedOn > date);

    /// <summary><see cref="HoldsOnDate"/> on one date, for a LINQ query.</summary>
    public static System.Linq.Expressions.Expression<Func<UnitManager, bool>> HoldsOn(DateOnly date) => QueryRules.Bind(HoldsOnDate, date);
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
