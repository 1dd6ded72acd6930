namespace Nacka.Contracts.Units;

/// <summary>
/// The manager title a unit uses. Whatever the title, the mandate comes from the executive board (KS).
/// A title is a word people read: events carry it as written (<c>Rektor</c>), as the API does,
/// not in the camelCase of other enum values (<see cref="ContractJson"/>); reading accepts any case.
/// </summary>
public enum ManagerTitle
{
    /// <summary>Unit manager.</summary>
    Enhetschef,

    /// <summary>Principal of a school or preschool.</summary>
    Rektor,

    /// <summary>Head of operations (care, support).</summary>
    Verksamhetschef,
}

/// <summary>An external identifier of a unit.</summary>
/// <param name="Scheme"><c>organisationsnummer</c> (NNNNNN-NNNN, Luhn), <c>skolenhetskod</c> (8 digits), <c>hsa-id</c>, or another lower-case scheme.</param>
/// <param name="Value">The identifier, normalised (organisationsnummer always with the dash).</param>
public sealed record UnitIdentifier(string Scheme, string Value);

/// <summary>A unit named in another unit's event (merge sources, split successors).</summary>
/// <param name="UnitId">The unit's id.</param>
/// <param name="Name">Its Swedish name at the time of the event.</param>
public sealed record UnitReference(Guid UnitId, string Name);

/// <summary>A director post named in a unit's event, with its holder at the time.</summary>
/// <param name="DirectorPostId">The post's id.</param>
/// <param name="Title">The post's title, e.g. "Utbildningsdirektör".</param>
/// <param name="HolderName">Who held the post on the event's valid-from date; null when vacant.</param>
public sealed record DirectorReference(Guid DirectorPostId, string Title, string? HolderName);

/// <summary>A new unit (enhet) was established.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="UnitId">The unit's id, stable for its whole life (renames included).</param>
/// <param name="Version">The unit's version after this event (1 here).</param>
/// <param name="Name">Swedish name.</param>
/// <param name="EnglishName">English name, if any.</param>
/// <param name="ShortName">Short name, if any.</param>
/// <param name="Kind">Kind code, e.g. <c>forskola</c>, <c>grundskola</c>, <c>aldreomsorg</c>.</param>
/// <param name="ManagerTitle">The title of the unit's manager.</param>
/// <param name="ReportsTo">The director the unit's manager reports to.</param>
/// <param name="EstablishedOn">Date the unit starts to exist.</param>
/// <param name="Identifiers">External identifiers.</param>
/// <param name="PredecessorIds">Units this one continues (when created by a split).</param>
public sealed record UnitEstablished(
    Guid EventId, DateTimeOffset OccurredAt, Guid UnitId, int Version,
    string Name, string? EnglishName, string? ShortName, string Kind, ManagerTitle ManagerTitle,
    DirectorReference ReportsTo, DateOnly EstablishedOn, IReadOnlyList<UnitIdentifier> Identifiers, IReadOnlyList<Guid> PredecessorIds) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => UnitId;
}

/// <summary>A unit's details (not its name or reporting line) changed; carries the new details in full.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="UnitId">The unit's id.</param>
/// <param name="Version">The unit's version after this event.</param>
/// <param name="Name">The unit's current Swedish name (for display).</param>
/// <param name="EnglishName">English name, if any.</param>
/// <param name="ShortName">Short name, if any.</param>
/// <param name="Kind">Kind code.</param>
/// <param name="ManagerTitle">The title of the unit's manager.</param>
/// <param name="Identifiers">External identifiers.</param>
/// <param name="ValidFrom">Date from which the new details hold.</param>
public sealed record UnitDetailsChanged(
    Guid EventId, DateTimeOffset OccurredAt, Guid UnitId, int Version,
    string Name, string? EnglishName, string? ShortName, string Kind, ManagerTitle ManagerTitle,
    IReadOnlyList<UnitIdentifier> Identifiers, DateOnly ValidFrom) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => UnitId;
}

/// <summary>A unit was renamed. Its id stays the same.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="UnitId">The unit's id.</param>
/// <param name="Version">The unit's version after this event.</param>
/// <param name="PreviousName">The name before.</param>
/// <param name="Name">The new Swedish name.</param>
/// <param name="ValidFrom">Date from which the new name holds.</param>
public sealed record UnitRenamed(Guid EventId, DateTimeOffset OccurredAt, Guid UnitId, int Version, string PreviousName, string Name,
    DateOnly ValidFrom) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => UnitId;
}

/// <summary>The director a unit's manager reports to changed.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="UnitId">The unit's id.</param>
/// <param name="Version">The unit's version after this event.</param>
/// <param name="UnitName">The unit's name (for display).</param>
/// <param name="PreviousReportsTo">The director before.</param>
/// <param name="ReportsTo">The director from <paramref name="ValidFrom"/>.</param>
/// <param name="ValidFrom">Date from which the new reporting line holds.</param>
public sealed record UnitReportingLineChanged(
    Guid EventId, DateTimeOffset OccurredAt, Guid UnitId, int Version, string UnitName,
    DirectorReference PreviousReportsTo, DirectorReference ReportsTo, DateOnly ValidFrom) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => UnitId;
}

/// <summary>Other units were merged into this one. Each merged unit also publishes UnitDissolved.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="UnitId">The surviving unit's id.</param>
/// <param name="Version">The surviving unit's version after this event.</param>
/// <param name="UnitName">The surviving unit's name.</param>
/// <param name="MergedUnits">The units merged into it (they are dissolved).</param>
/// <param name="ValidFrom">Date of the merge.</param>
public sealed record UnitsMerged(Guid EventId, DateTimeOffset OccurredAt, Guid UnitId, int Version, string UnitName,
    IReadOnlyList<UnitReference> MergedUnits, DateOnly ValidFrom) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => UnitId;
}

/// <summary>A unit was split into new units (each published as UnitEstablished first); this unit is then dissolved (UnitDissolved follows).</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="UnitId">The split unit's id.</param>
/// <param name="Version">The split unit's version after this event.</param>
/// <param name="UnitName">The split unit's name.</param>
/// <param name="Successors">The new units.</param>
/// <param name="ValidFrom">Date of the split.</param>
public sealed record UnitSplit(Guid EventId, DateTimeOffset OccurredAt, Guid UnitId, int Version, string UnitName,
    IReadOnlyList<UnitReference> Successors, DateOnly ValidFrom) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => UnitId;
}

/// <summary>A unit was dissolved: its mandates, open assignments and process participation end. It keeps its id and history.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="UnitId">The unit's id.</param>
/// <param name="Version">The unit's version after this event.</param>
/// <param name="UnitName">The unit's name.</param>
/// <param name="DissolvedOn">The unit's last day is the day before this date.</param>
/// <param name="SuccessorIds">Units that continue its work (merge target or split successors), if any.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record UnitDissolved(Guid EventId, DateTimeOffset OccurredAt, Guid UnitId, int Version,
    string UnitName, DateOnly DissolvedOn, IReadOnlyList<Guid> SuccessorIds, string? Reason) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => UnitId;
}

/// <summary>A top-management post (direktör) was created, initially vacant.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="DirectorPostId">The post's id.</param>
/// <param name="Version">The post's version after this event (1 here).</param>
/// <param name="Title">The post's title, e.g. "Teknisk direktör".</param>
/// <param name="CreatedOn">Date the post exists from.</param>
public sealed record DirectorPostCreated(Guid EventId, DateTimeOffset OccurredAt, Guid DirectorPostId, int Version, string Title, DateOnly CreatedOn)
    : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => DirectorPostId;
}

/// <summary>A person was appointed to a director post (replacing any previous holder from that date).</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="DirectorPostId">The post's id.</param>
/// <param name="Version">The post's version after this event.</param>
/// <param name="Title">The post's title.</param>
/// <param name="HolderName">The appointed person.</param>
/// <param name="PreviousHolderName">Who held it until then, if anyone.</param>
/// <param name="ValidFrom">First day in the post.</param>
public sealed record DirectorAppointed(Guid EventId, DateTimeOffset OccurredAt, Guid DirectorPostId, int Version,
    string Title, string HolderName, string? PreviousHolderName, DateOnly ValidFrom) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => DirectorPostId;
}

/// <summary>A director post became vacant (its holder left). Units may not be given a reporting line to it until someone is appointed.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="DirectorPostId">The post's id.</param>
/// <param name="Version">The post's version after this event.</param>
/// <param name="Title">The post's title.</param>
/// <param name="PreviousHolderName">Who left the post.</param>
/// <param name="ValidFrom">First day the post is vacant.</param>
public sealed record DirectorPostVacated(Guid EventId, DateTimeOffset OccurredAt, Guid DirectorPostId, int Version, string Title,
    string PreviousHolderName, DateOnly ValidFrom) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => DirectorPostId;
}
