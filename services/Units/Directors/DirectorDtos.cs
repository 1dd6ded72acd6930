using Nacka.Records.Changes;
using Nacka.Rules;
using Nacka.Units.Domain;

namespace Nacka.Units.Directors;

public sealed record HolderDto(string Name, DateOnly From, DateOnly? To);

/// <summary>A director post as of a date.</summary>
public sealed record DirectorPostDto(Guid Id, int Version, string Title, DateOnly CreatedOn, DateOnly? EndedOn, bool Vacant, HolderDto? Holder,
    IReadOnlyList<HolderDto> Holders, DateOnly AsOf)
{
    public static DirectorPostDto From(DirectorPostState state, int version, DateOnly asOf)
    {
        var holder = state.HolderOn(asOf);
        return new DirectorPostDto(state.Id, version, state.Title, state.CreatedOn, state.EndedOn, holder is null,
            holder is null ? null : new HolderDto(holder.Name, holder.From, holder.To),
            [.. state.Holders.Select(h => new HolderDto(h.Name, h.From, h.To))], asOf);
    }
}

/// <summary>What a director post's history shows of each version.</summary>
public sealed record DirectorSnapshot(string Title, IReadOnlyList<HolderDto> Holders);

/// <summary>Creates a post (vacant until someone is appointed).</summary>
/// <param name="Title">e.g. "Utbildningsdirektör", "Teknisk direktör", "Stadsdirektör".</param>
/// <param name="CreatedOn">From when the post exists; default today.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Decision">The decision creating it, if any.</param>
public sealed record CreateDirectorPostRequest(string? Title, DateOnly? CreatedOn, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

/// <param name="Name">The person appointed.</param>
/// <param name="ValidFrom">First day in the post; default today.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Decision">The appointment decision, if any.</param>
public sealed record AppointDirectorRequest(string? Name, DateOnly? ValidFrom, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

/// <param name="ValidFrom">First day the post is vacant; default today.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Decision">The decision, if any.</param>
public sealed record VacateDirectorPostRequest(DateOnly? ValidFrom, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;
