using Nacka.Contracts;
using Nacka.Contracts.Committees;
using Nacka.Rules;

namespace Nacka.Committees.Domain;

/// <summary>
/// A committee's life as pure functions returning its next state and the events announcing it.
/// What needs other records (one executive board, open assignments) is looked up by the caller
/// and passed in; uniqueness of names is the database's.
/// </summary>
public static class CommitteeRules
{
    public const int MaxNameLength = 200;
    public const int MaxAreaLength = 2000;
    public const int MaxLinks = 20;

    public static Outcome<CommitteeKind> ParseKind(string? kind) =>
        Enum.TryParse<CommitteeKind>(kind?.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(kind, out _)
            ? parsed
            : DomainError.Invalid("kind", "ExecutiveBoard (kommunstyrelsen) or Committee (a nämnd).");

    public static Outcome<Changed<CommitteeState>> Establish(Guid id, string? name, string? kind, string? area, IReadOnlyList<Guid>? linkDirectorPostIds,
        IReadOnlyDictionary<Guid, DirectorPost> directors, DateOnly establishedOn, Revising first)
    {
        var parsedKind = ParseKind(kind);
        var errors = new[] { CheckName(name), CheckArea(area), parsedKind.Succeeded ? null : parsedKind.Errors[0] }
            .Concat(CheckLinks(linkDirectorPostIds, directors, establishedOn)).OfType<DomainError>().ToList();
        if (errors.Count > 0)
        {
            return Outcome<Changed<CommitteeState>>.Failure(errors);
        }

        var committee = new CommitteeState(id, Names.Normalise(name!), parsedKind.Value, Blank(area),
            [.. linkDirectorPostIds!.Select(p => new LinkPeriod(p, establishedOn, null))],
            establishedOn, null);
        return new Changed<CommitteeState>(committee, "established",
            [new CommitteeEstablished(first.NewId(), first.At, id, 1, committee.Name, committee.Kind, committee.Area,
                Named(committee.Links, directors), establishedOn)]);
    }

    public static Outcome<Changed<CommitteeState>> ChangeDetails(CommitteeState committee, string? name, string? area, Revising next)
    {
        var errors = new[] { CheckChangeable(committee, next, requireWhy: false), CheckName(name), CheckArea(area) }.OfType<DomainError>().ToList();
        if (errors.Count > 0)
        {
            return Outcome<Changed<CommitteeState>>.Failure(errors);
        }

        var changed = committee with { Name = Names.Normalise(name!), Area = Blank(area) };
        if (changed == committee)
        {
            return DomainError.Conflict("unchanged", "The committee already has these details.");
        }

        return new Changed<CommitteeState>(changed, "details-changed",
            [new CommitteeDetailsChanged(next.NewId(), next.At, committee.Id, next.Version, changed.Name, committee.Name, changed.Kind, changed.Area,
                next.Change.ValidFrom)]);
    }

    /// <summary>The committee is linked to exactly these director posts from the change's date: links not named end that day, new ones start.</summary>
    public static Outcome<Changed<CommitteeState>> ChangeLinkDirectors(CommitteeState committee, IReadOnlyList<Guid>? linkDirectorPostIds,
        IReadOnlyDictionary<Guid, DirectorPost> directors, Revising next)
    {
        var on = next.Change.ValidFrom;
        var errors = new[] { CheckChangeable(committee, next, requireWhy: false) }.Concat(CheckLinks(linkDirectorPostIds, directors, on))
            .OfType<DomainError>().ToList();
        if (errors.Count > 0)
        {
            return Outcome<Changed<CommitteeState>>.Failure(errors);
        }

        var wanted = linkDirectorPostIds!.ToHashSet();
        var open = committee.Links.Where(l => l.To is null).Select(l => l.DirectorPostId).ToHashSet();
        if (open.SetEquals(wanted))
        {
            return DomainError.Conflict("unchanged", "The committee already has exactly these link directors.");
        }

        var links = committee.Links.Select(l => l.To is null && !wanted.Contains(l.DirectorPostId) ? l with { To = on } : l)
            .Concat(linkDirectorPostIds!.Where(p => !open.Contains(p)).Select(p => new LinkPeriod(p, on, null)))
            .Where(l => l.To is null || l.From < l.To) // a link started and ended the same day never held
            .ToList();
        var changed = committee with { Links = links };
        return new Changed<CommitteeState>(changed, "link-directors-changed",
            [new CommitteeLinkDirectorsChanged(next.NewId(), next.At, committee.Id, next.Version, committee.Name, Named(links, directors), on)]);
    }

    /// <summary>
    /// Dissolves the committee from the change's date, ending every link. Its assignments still open then are withdrawn by the
    /// caller in the same write (reason <c>committee-dissolved</c>), as a unit's dissolution withdraws the unit's: an end bounds
    /// everything tied to it, and a dissolution decided ahead never waits for every assignment to be closed first.
    /// </summary>
    /// <param name="committee">The committee.</param>
    /// <param name="next">The revision.</param>
    public static Outcome<Changed<CommitteeState>> Dissolve(CommitteeState committee, Revising next)
    {
        var on = next.Change.ValidFrom;
        if (CheckChangeable(committee, next, requireWhy: true) is { } error)
        {
            return error;
        }

        if (on <= committee.EstablishedOn)
        {
            return DomainError.Invalid("dissolvedOn", $"Must be after the committee was established ({committee.EstablishedOn:yyyy-MM-dd}).");
        }

        var dissolved = committee with
        {
            DissolvedOn = on,
            Links = [.. committee.Links.Select(l => l with { To = Periods.EndedBy(l.From, l.To, on) })],
        };
        var decision = next.Change.Decision;
        return new Changed<CommitteeState>(dissolved, "dissolved",
            [new CommitteeDissolved(next.NewId(), next.At, committee.Id, next.Version, committee.Name, committee.Kind, on, next.Change.Reason,
                decision is null ? null : new DecisionReference(decision.Body, decision.Date, decision.Paragraph, decision.CaseNumber))]);
    }

    /// <summary>A dissolved committee can only be read; a change holds from no earlier than its latest one; some changes say why.</summary>
    public static DomainError? CheckChangeable(CommitteeState committee, Revising next, bool requireWhy)
    {
        if (committee.IsDissolutionRecorded)
        {
            return DomainError.Conflict("committee-dissolved",
                $"'{committee.Name}' is dissolved (from {committee.DissolvedOn:yyyy-MM-dd}); it can only be read.");
        }


        return requireWhy && !next.Change.SaysWhy ? DomainError.Invalid("reason", "Say why: a reason or a decision reference.") : null;
    }

    private static DomainError? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength
            ? DomainError.Invalid("name", $"A name of at most {MaxNameLength} characters is required, e.g. Utbildningsnämnden.")
            : null;

    private static DomainError? CheckArea(string? area) =>
        area is { Length: > MaxAreaLength } ? DomainError.Invalid("area", $"At most {MaxAreaLength} characters.") : null;

    private static IEnumerable<DomainError> CheckLinks(IReadOnlyList<Guid>? ids, IReadOnlyDictionary<Guid, DirectorPost> directors, DateOnly on)
    {
        if (ids is null || ids.Count == 0 || ids.Count > MaxLinks)
        {
            yield return DomainError.Invalid("linkDirectorPostIds", $"Name 1 to {MaxLinks} director posts that link the committee to the units.");
            yield break;
        }

        if (ids.Distinct().Count() != ids.Count)
        {
            yield return DomainError.Invalid("linkDirectorPostIds", "Each director post may be named once.");
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (!directors.TryGetValue(ids[i], out var post))
            {
                yield return DomainError.Invalid($"linkDirectorPostIds[{i}]", $"No director post with id {ids[i]} is known.");
            }
            else if (post.CreatedOn > on)
            {
                yield return DomainError.Conflict("director-post-closed", $"The post '{post.Title}' does not exist on {on:yyyy-MM-dd}.");
            }
        }
    }

    private static List<LinkDirector> Named(IEnumerable<LinkPeriod> links, IReadOnlyDictionary<Guid, DirectorPost> directors) =>
        [.. links.Select(l => new LinkDirector(l.DirectorPostId, directors.TryGetValue(l.DirectorPostId, out var post) ? post.Title : "", l.From, l.To))];

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
