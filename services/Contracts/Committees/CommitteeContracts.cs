namespace Nacka.Contracts.Committees;

/// <summary>What kind of political body a committee is.</summary>
public enum CommitteeKind
{
    /// <summary>Kommunstyrelsen (KS): leads and coordinates the municipality; every manager's mandate is its decision. Exactly one is active at a
    /// time.</summary>
    ExecutiveBoard,

    /// <summary>A nämnd, responsible for an area.</summary>
    Committee,
}

/// <summary>A director post that links a committee to the units carrying out its assignments, for a period.</summary>
/// <param name="DirectorPostId">The post's id (Units service).</param>
/// <param name="Title">The post's title at the time of the event, e.g. "Utbildningsdirektör".</param>
/// <param name="From">First day of the link.</param>
/// <param name="To">The day the link ended (exclusive), null while it holds.</param>
public sealed record LinkDirector(Guid DirectorPostId, string Title, DateOnly From, DateOnly? To);

/// <summary>A committee (nämnd), or kommunstyrelsen, was established.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="CommitteeId">The committee's id, stable for its whole life.</param>
/// <param name="Version">The committee's version after this event (1 here).</param>
/// <param name="Name">Its name, e.g. "Utbildningsnämnden".</param>
/// <param name="Kind"><c>executiveBoard</c> for kommunstyrelsen, otherwise <c>committee</c>.</param>
/// <param name="Area">Its area of responsibility, in words.</param>
/// <param name="LinkDirectors">The director posts linking it to the units.</param>
/// <param name="EstablishedOn">The first day it exists.</param>
public sealed record CommitteeEstablished(
    Guid EventId, DateTimeOffset OccurredAt, Guid CommitteeId, int Version,
    string Name, CommitteeKind Kind, string? Area, IReadOnlyList<LinkDirector> LinkDirectors, DateOnly EstablishedOn) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => CommitteeId;
}

/// <summary>A committee's name or area of responsibility changed.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="CommitteeId">The committee's id.</param>
/// <param name="Version">The committee's version after this event.</param>
/// <param name="Name">Its name from <paramref name="ValidFrom"/>.</param>
/// <param name="PreviousName">Its name before.</param>
/// <param name="Kind">Its kind (unchanged; for display and filtering).</param>
/// <param name="Area">Its area of responsibility from <paramref name="ValidFrom"/>.</param>
/// <param name="ValidFrom">Date from which the details hold.</param>
public sealed record CommitteeDetailsChanged(
    Guid EventId, DateTimeOffset OccurredAt, Guid CommitteeId, int Version,
    string Name, string PreviousName, CommitteeKind Kind, string? Area, DateOnly ValidFrom) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => CommitteeId;
}

/// <summary>The director posts linking a committee to the units changed; carries every link, ended ones included.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="CommitteeId">The committee's id.</param>
/// <param name="Version">The committee's version after this event.</param>
/// <param name="CommitteeName">The committee's name (for display).</param>
/// <param name="LinkDirectors">Every link, with its period; those with no <c>to</c> hold from <paramref name="ValidFrom"/>.</param>
/// <param name="ValidFrom">Date from which the new links hold.</param>
public sealed record CommitteeLinkDirectorsChanged(
    Guid EventId, DateTimeOffset OccurredAt, Guid CommitteeId, int Version,
    string CommitteeName, IReadOnlyList<LinkDirector> LinkDirectors, DateOnly ValidFrom) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => CommitteeId;
}

/// <summary>A committee was dissolved (its last day is the day before <paramref name="DissolvedOn"/>). It keeps its id and history.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="CommitteeId">The committee's id.</param>
/// <param name="Version">The committee's version after this event.</param>
/// <param name="Name">The committee's name.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="DissolvedOn">The first day it no longer exists.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Decision">The council's decision, if given.</param>
public sealed record CommitteeDissolved(
    Guid EventId, DateTimeOffset OccurredAt, Guid CommitteeId, int Version,
    string Name, CommitteeKind Kind, DateOnly DissolvedOn, string? Reason, DecisionReference? Decision) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => CommitteeId;
}
