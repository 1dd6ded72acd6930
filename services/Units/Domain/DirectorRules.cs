using Nacka.Contracts.Units;
using Nacka.Rules;

namespace Nacka.Units.Domain;

/// <summary>Director posts and their holders over time, as pure functions returning the new state and its events.</summary>
public static class DirectorRules
{
    public static Outcome<Changed<DirectorPostState>> Create(Guid id, string? title, DateOnly createdOn, Revising first)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > 200)
        {
            return DomainError.Invalid("title", "A title of at most 200 characters is required, e.g. Utbildningsdirektör.");
        }

        var post = new DirectorPostState(id, title.Trim(), createdOn, null, []);
        return new Changed<DirectorPostState>(post, "created", [new DirectorPostCreated(first.NewId(), first.At, id, 1, post.Title, post.CreatedOn)]);
    }

    /// <summary>Appoints a holder from a date; a current holder's term ends that day.</summary>
    public static Outcome<Changed<DirectorPostState>> Appoint(DirectorPostState post, string? name, Revising next)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            return DomainError.Invalid("name", "The appointed person's name is required (at most 200 characters).");
        }

        var from = next.Change.ValidFrom;
        if (CheckDate(post, from) is { } error)
        {
            return error;
        }

        var holders = post.Holders.ToList();
        var current = post.CurrentHolding;
        if (current is not null)
        {
            if (string.Equals(current.Name, name.Trim(), StringComparison.Ordinal))
            {
                return DomainError.Conflict("unchanged", $"{current.Name} already holds the post.");
            }

            holders[^1] = current with { To = from };
        }

        holders.Add(new DirectorHolding(name.Trim(), from, null));
        var appointed = post with { Holders = holders };
        return new Changed<DirectorPostState>(appointed, "appointed",
            [new DirectorAppointed(next.NewId(), next.At, post.Id, next.Version, post.Title, name.Trim(), current?.Name, from)]);
    }

    /// <summary>Ends the current holder's term: the post is vacant from the change's date.</summary>
    public static Outcome<Changed<DirectorPostState>> Vacate(DirectorPostState post, Revising next)
    {
        var on = next.Change.ValidFrom;
        if (CheckDate(post, on) is { } error)
        {
            return error;
        }

        if (post.CurrentHolding is not { } current)
        {
            return DomainError.Conflict("already-vacant", $"The post '{post.Title}' is already vacant.");
        }

        var holders = post.Holders.ToList();
        holders[^1] = current with { To = on };
        return new Changed<DirectorPostState>(post with { Holders = holders }, "vacated",
            [new DirectorPostVacated(next.NewId(), next.At, post.Id, next.Version, post.Title, current.Name, on)]);
    }

    /// <summary>
    /// The post's holders are a timeline of their own: a new term starts after the latest one
    /// recorded, whatever its date (the rule is given the post as it stands furthest ahead).
    /// </summary>
    private static DomainError? CheckDate(DirectorPostState post, DateOnly date)
    {
        if (!post.IsOpenOn(date))
        {
            return DomainError.Conflict("director-post-closed", $"The post '{post.Title}' does not exist on {date:yyyy-MM-dd}.");
        }

        return post.Holders.Count > 0 && post.Holders[^1] is var latest && (date <= latest.From || (latest.To is { } ended && date < ended))
            ? DomainError.Invalid("validFrom", $"Must be after the post's latest term ({latest.From:yyyy-MM-dd}–{latest.To:yyyy-MM-dd}).")
            : null;
    }
}
