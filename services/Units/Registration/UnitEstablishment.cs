using Nacka.Records.Changes;
using Nacka.Rules;
using Nacka.Units.Data;
using Nacka.Units.Domain;

namespace Nacka.Units.Registration;

/// <summary>Validating and staging a new unit (version 1) with its UnitEstablished: shared by registration and split.</summary>
internal static class UnitEstablishment
{
    /// <param name="db">The write's context.</param>
    /// <param name="request">The new unit, as the registrar sent it.</param>
    /// <param name="kinds">The known kind codes (<see cref="UnitKinds.KnownKindsAsync"/>).</param>
    /// <param name="change">Why and by whom; its valid-from is replaced by the unit's own start.</param>
    /// <param name="today">Today in Nacka.</param>
    /// <param name="at">When it is recorded.</param>
    /// <param name="predecessor">The unit it continues (a split) and the day it starts.</param>
    /// <param name="prefix">Prefix for error fields (<c>successors[0].</c>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task<Outcome<StagedUnit>> StageAsync(UnitsDbContext db, CreateUnitRequest request, IReadOnlySet<string> kinds,
        ChangeInfo change, DateOnly today, DateTimeOffset at,
        (Guid Id, DateOnly On)? predecessor, string prefix, CancellationToken cancellationToken)
    {
        var details = UnitDetailsRules.Validate(request.Details, kinds, prefix);
        if (!details.Succeeded)
        {
            return details.Fail<StagedUnit>();
        }

        if (request.DirectorPostId is not { } postId)
        {
            return DomainError.Invalid(prefix + "directorPostId", "Every unit's manager reports to a director: give directorPostId.");
        }

        var establishedOn = predecessor?.On ?? request.EstablishedOn ?? today;
        // Registering a long-existing unit: its reporting line is checked today, when it is recorded.
        var checkOn = establishedOn > today ? establishedOn : today;
        var director = (await db.Directors.AsOfAsync(postId, checkOn, cancellationToken))?.ToState();
        var first = Revising.First(change with { ValidFrom = Changes.RecordedFrom(establishedOn, today) }, at, NewIds.Next);
        var established = UnitRules.Establish(Guid.CreateVersion7(),
            new UnitDraft(request.Name, details.Value!, postId, establishedOn, checkOn, predecessor is { } p ? [p.Id] : null), director, first);
        if (!established.Succeeded)
        {
            return Outcome<StagedUnit>.Failure([.. established.Errors.Select(e => e.Under(prefix))]);
        }

        return new StagedUnit(db.Append(established.Value!, first, current: null), director!, checkOn);
    }
}

/// <summary>A new unit staged, with the director post its reporting line was checked against and the day it was checked on.</summary>
internal sealed record StagedUnit(CurrentUnit Row, DirectorPostState Director, DateOnly CheckedOn);
