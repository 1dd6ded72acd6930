namespace Nacka.Units.Domain;

/// <summary>Director posts and their holders over time, as pure functions.</summary>
public static class DirectorRules
{
    public static Outcome<DirectorPostState> Create(Guid id, string? title, DateOnly createdOn) =>
        string.IsNullOrWhiteSpace(title) || title.Trim().Length > 200
            ? DomainError.Invalid("title", "A title of at most 200 characters is required, e.g. Utbildningsdirektör.")
            : Outcome<DirectorPostState>.Success(new DirectorPostState(id, title.Trim(), createdOn, null, []));

    /// <summary>Appoints a holder from a date; a current holder's term ends that day.</summary>
    public static Outcome<DirectorPostState> Appoint(DirectorPostState post, string? name, DateOnly from, DateOnly latestValidFrom)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            return DomainError.Invalid("name", "The appointed person's name is required (at most 200 characters).");
        }

        if (CheckDate(post, from, latestValidFrom) is { } error)
        {
            return error;
        }

        var holders = post.Holders.ToList();
        if (post.CurrentHolding is { } current)
        {
            if (string.Equals(current.Name, name.Trim(), StringComparison.Ordinal))
            {
                return DomainError.Conflict("unchanged", $"{current.Name} already holds the post.");
            }

            holders[^1] = current with { To = from };
        }

        holders.Add(new DirectorHolding(name.Trim(), from, null));
        return Outcome<DirectorPostState>.Success(post with { Holders = holders });
    }

    /// <summary>Ends the current holder's term: the post is vacant from <paramref name="on"/>.</summary>
    public static Outcome<DirectorPostState> Vacate(DirectorPostState post, DateOnly on, DateOnly latestValidFrom)
    {
        if (CheckDate(post, on, latestValidFrom) is { } error)
        {
            return error;
        }

        if (post.CurrentHolding is not { } current)
        {
            return DomainError.Conflict("already-vacant", $"The post '{post.Title}' is already vacant.");
        }

        var holders = post.Holders.ToList();
        holders[^1] = current with { To = on };
        return Outcome<DirectorPostState>.Success(post with { Holders = holders });
    }

    private static DomainError? CheckDate(DirectorPostState post, DateOnly date, DateOnly latestValidFrom)
    {
        if (!post.IsOpenOn(date))
        {
            return DomainError.Conflict("director-post-closed", $"The post '{post.Title}' does not exist on {date:yyyy-MM-dd}.");
        }

        return date < latestValidFrom || (post.CurrentHolding is { } current && date <= current.From)
            ? DomainError.Invalid("validFrom", $"Must be after the post's latest change ({latestValidFrom:yyyy-MM-dd}).")
            : null;
    }
}
