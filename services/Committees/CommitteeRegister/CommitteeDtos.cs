using Nacka.Committees.Data;
using Nacka.Committees.Domain;
using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Committees.CommitteeRegister;

/// <summary>A director post linking the committee to the units, with its holder on the date read.</summary>
public sealed record LinkDirectorDto(Guid DirectorPostId, string? Title, string? HolderName, DateOnly From, DateOnly? To);

/// <summary>A committee (nämnd) or kommunstyrelsen as it stood on <see cref="AsOf"/>.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Version">Its version (the ETag).</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">ExecutiveBoard (kommunstyrelsen) or Committee.</param>
/// <param name="Area">Its area of responsibility.</param>
/// <param name="Status">planned, active or dissolved on <see cref="AsOf"/>.</param>
/// <param name="LinkDirectors">The director posts linking it to the units on <see cref="AsOf"/>.</param>
/// <param name="Links">Every link it has had, with its period.</param>
/// <param name="EstablishedOn">First day it exists.</param>
/// <param name="DissolvedOn">First day it no longer exists, if recorded.</param>
/// <param name="ValidFrom">From when this version holds.</param>
/// <param name="AsOf">The date read.</param>
public sealed record CommitteeDto(
    Guid Id, int Version, string Name, string Kind, string? Area, string Status, IReadOnlyList<LinkDirectorDto> LinkDirectors,
        IReadOnlyList<LinkDirectorDto> Links,
    DateOnly EstablishedOn, DateOnly? DissolvedOn, DateOnly ValidFrom, DateOnly AsOf)
{
    public static CommitteeDto From(CommitteeRecord record, IReadOnlyDictionary<Guid, DirectorPost> directors, DateOnly asOf)
    {
        var state = record.ToState();
        LinkDirectorDto Link(LinkPeriod l) => directors.TryGetValue(l.DirectorPostId, out var post)
            ? new(l.DirectorPostId, post.Title, post.HolderName, l.From, l.To)
            : new(l.DirectorPostId, null, null, l.From, l.To);
        return new CommitteeDto(state.Id, record.Version, state.Name, state.Kind.ToString(), state.Area, state.StatusOn(asOf),
            [.. state.LinksOn(asOf).Select(Link)], [.. state.Links.Select(Link)], state.EstablishedOn, state.DissolvedOn, record.ValidFrom, asOf);
    }
}

/// <summary>What a committee's history shows of each version.</summary>
public sealed record CommitteeSnapshot(string Name, string Kind, string? Area, IReadOnlyList<Guid> LinkDirectorPostIds, DateOnly? DissolvedOn);

/// <summary>Establishes a committee.</summary>
/// <param name="Name">Unique among committees that are not dissolved, e.g. Utbildningsnämnden.</param>
/// <param name="Kind">ExecutiveBoard (kommunstyrelsen: one at a time) or Committee (a nämnd).</param>
/// <param name="Area">Its area of responsibility, in words.</param>
/// <param name="LinkDirectorPostIds">The director posts (GET /api/directors) that link it to the units: one or more.</param>
/// <param name="EstablishedOn">First day; default today.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Decision">The council's decision (KF), if any.</param>
public sealed record CreateCommitteeRequest(string? Name, string? Kind, string? Area, IReadOnlyList<Guid>? LinkDirectorPostIds, DateOnly? EstablishedOn,
    string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

/// <summary>Replaces a committee's name and area of responsibility from a date.</summary>
public sealed record UpdateCommitteeDetailsRequest(string? Name, string? Area, DateOnly? ValidFrom, string? Reason, DecisionDto? Decision)
    : IDecidedChangeRequest;

/// <summary>The committee is linked to exactly these director posts from <see cref="ValidFrom"/>.</summary>
public sealed record ChangeLinkDirectorsRequest(IReadOnlyList<Guid>? LinkDirectorPostIds, DateOnly? ValidFrom, string? Reason, DecisionDto? Decision)
    : IDecidedChangeRequest;

/// <summary>Dissolves a committee from a date: every link ends then, and its assignments still open then are withdrawn from that day.</summary>
/// <param name="DissolvedOn">First day it no longer exists; default today.</param>
/// <param name="Reason">Why, in words (a reason or a decision is required).</param>
/// <param name="Decision">The council's decision.</param>
public sealed record DissolveCommitteeRequest(DateOnly? DissolvedOn, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;
