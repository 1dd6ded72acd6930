using Nacka.Contracts.Units;

namespace Nacka.Contracts.Processes;

/// <summary>What kind of process: a main process delivering to residents (huvudprocess), a steering process (styrprocess) or a support process
/// (stödprocess).</summary>
public enum ProcessKind
{
    /// <summary>Huvudprocess: delivers something to the people Nacka serves.</summary>
    Main,

    /// <summary>Styrprocess.</summary>
    Steering,

    /// <summary>Stödprocess.</summary>
    Support,
}

/// <summary>The values of a management-group seat's kind and role.</summary>
public static class Seats
{
    /// <summary>A director post's seat: whoever holds the post sits in it.</summary>
    public const string Director = "director";

    /// <summary>A unit's seat: whoever holds the unit's mandate on the day sits in it (a new mandate changes the person, not the seat).</summary>
    public const string UnitManager = "unit-manager";

    /// <summary>A named representative of an engaged external actor.</summary>
    public const string External = "external";

    /// <summary>The owner's seat: automatic, and moved when the owner changes.</summary>
    public const string Chair = "chair";

    /// <summary>Every other seat.</summary>
    public const string Member = "member";
}

/// <summary>A seat in a process's management group (ledningsgrupp), as events name it.</summary>
/// <param name="SeatId">The seat's id.</param>
/// <param name="Kind"><c>director</c>, <c>unit-manager</c> or <c>external</c>.</param>
/// <param name="Role"><c>chair</c> or <c>member</c>.</param>
/// <param name="DirectorPostId">For a director seat: the post.</param>
/// <param name="DirectorTitle">For a director seat: the post's title.</param>
/// <param name="UnitId">For a unit-manager seat: the unit whose manager sits in it.</param>
/// <param name="UnitName">For a unit-manager seat: the unit's name.</param>
/// <param name="Organisationsnummer">For an external seat: the actor.</param>
/// <param name="RepresentativeName">For an external seat: the person representing the actor.</param>
public sealed record SeatReference(Guid SeatId, string Kind, string Role, Guid? DirectorPostId, string? DirectorTitle, Guid? UnitId, string? UnitName,
    string? Organisationsnummer, string? RepresentativeName);

/// <summary>A cross-cutting process was established, owned by a director (its chair seat follows as ManagementGroupSeatAdded).</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="ProcessId">The process's id.</param>
/// <param name="Version">The process's version after this event (1 here).</param>
/// <param name="Name">Its name, e.g. "Utbildningsprocessen".</param>
/// <param name="Kind"><c>main</c>, <c>steering</c> or <c>support</c>.</param>
/// <param name="Purpose">Its purpose, in the words residents would read.</param>
/// <param name="Delivers">What it delivers.</param>
/// <param name="Owner">The owning director post (processägare) and its holder.</param>
/// <param name="EstablishedOn">First day.</param>
public sealed record ProcessEstablished(Guid EventId, DateTimeOffset OccurredAt, Guid ProcessId, int Version, string Name, ProcessKind Kind, string? Purpose,
    string? Delivers, DirectorReference Owner, DateOnly EstablishedOn) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => ProcessId;
}

/// <summary>A process's name, kind, purpose or deliverables changed.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="ProcessId">The process's id.</param>
/// <param name="Version">The process's version after this event.</param>
/// <param name="Name">Its name from <paramref name="ValidFrom"/>.</param>
/// <param name="PreviousName">Its name before.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Purpose">Its purpose.</param>
/// <param name="Delivers">What it delivers.</param>
/// <param name="ValidFrom">Date from which the details hold.</param>
public sealed record ProcessDetailsChanged(Guid EventId, DateTimeOffset OccurredAt, Guid ProcessId, int Version, string Name, string PreviousName,
    ProcessKind Kind,
    string? Purpose, string? Delivers, DateOnly ValidFrom) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => ProcessId;
}

/// <summary>Another director owns the process from a date; the chair seat moves with it (ManagementGroupSeatEnded and ManagementGroupSeatAdded
/// follow).</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="ProcessId">The process's id.</param>
/// <param name="Version">The process's version after this event.</param>
/// <param name="ProcessName">The process's name.</param>
/// <param name="PreviousOwner">The owner before.</param>
/// <param name="Owner">The owner from <paramref name="ValidFrom"/>.</param>
/// <param name="ValidFrom">First day of the new owner.</param>
public sealed record ProcessOwnerChanged(Guid EventId, DateTimeOffset OccurredAt, Guid ProcessId, int Version, string ProcessName,
    DirectorReference PreviousOwner,
    DirectorReference Owner, DateOnly ValidFrom) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => ProcessId;
}

/// <summary>A process ended; its participation, engagements and seats end with it.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="ProcessId">The process's id.</param>
/// <param name="Version">The process's version after this event.</param>
/// <param name="Name">The process's name.</param>
/// <param name="EndedOn">The first day it no longer exists.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record ProcessEnded(Guid EventId, DateTimeOffset OccurredAt, Guid ProcessId, int Version, string Name, DateOnly EndedOn, string? Reason)
    : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => ProcessId;
}

/// <summary>A unit takes part in a process from a date (a unit belongs to no process, and may take part in several).</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="ProcessId">The process's id.</param>
/// <param name="Version">The process's version after this event.</param>
/// <param name="ProcessName">The process's name.</param>
/// <param name="UnitId">The unit.</param>
/// <param name="UnitName">The unit's name.</param>
/// <param name="Role">Its role in the process, e.g. "utför grundskoleutbildning".</param>
/// <param name="From">First day.</param>
public sealed record UnitJoinedProcess(Guid EventId, DateTimeOffset OccurredAt, Guid ProcessId, int Version, string ProcessName, Guid UnitId, string UnitName,
    string Role, DateOnly From) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => ProcessId;
}

/// <summary>A unit no longer takes part in a process (reason <c>unit-dissolved</c> when the unit was dissolved).</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="ProcessId">The process's id.</param>
/// <param name="Version">The process's version after this event.</param>
/// <param name="ProcessName">The process's name.</param>
/// <param name="UnitId">The unit.</param>
/// <param name="UnitName">The unit's name.</param>
/// <param name="To">The first day it no longer takes part.</param>
/// <param name="Reason">Why.</param>
public sealed record UnitLeftProcess(Guid EventId, DateTimeOffset OccurredAt, Guid ProcessId, int Version, string ProcessName, Guid UnitId, string UnitName,
    DateOnly To, string? Reason) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => ProcessId;
}

/// <summary>An external actor (a contractor) delivers within a process on the municipality's behalf from a date.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="ProcessId">The process's id.</param>
/// <param name="Version">The process's version after this event.</param>
/// <param name="ProcessName">The process's name.</param>
/// <param name="Organisationsnummer">The actor's organisationsnummer (NNNNNN-NNNN), its identity across processes.</param>
/// <param name="ActorName">The actor's name.</param>
/// <param name="Delivers">What it delivers.</param>
/// <param name="ContractReference">The contract, e.g. a case number.</param>
/// <param name="From">First day.</param>
public sealed record ExternalActorEngaged(Guid EventId, DateTimeOffset OccurredAt, Guid ProcessId, int Version, string ProcessName, string Organisationsnummer,
    string ActorName, string? Delivers, string? ContractReference, DateOnly From) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => ProcessId;
}

/// <summary>An external actor no longer delivers within a process; its representatives' seats end with it.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="ProcessId">The process's id.</param>
/// <param name="Version">The process's version after this event.</param>
/// <param name="ProcessName">The process's name.</param>
/// <param name="Organisationsnummer">The actor's organisationsnummer.</param>
/// <param name="ActorName">The actor's name.</param>
/// <param name="To">The first day it no longer takes part.</param>
public sealed record ExternalActorDisengaged(Guid EventId, DateTimeOffset OccurredAt, Guid ProcessId, int Version, string ProcessName,
    string Organisationsnummer,
    string ActorName, DateOnly To) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => ProcessId;
}

/// <summary>A seat was added to a process's management group.</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="ProcessId">The process's id.</param>
/// <param name="Version">The process's version after this event.</param>
/// <param name="ProcessName">The process's name.</param>
/// <param name="Seat">The seat.</param>
/// <param name="From">First day.</param>
public sealed record ManagementGroupSeatAdded(Guid EventId, DateTimeOffset OccurredAt, Guid ProcessId, int Version, string ProcessName,
    SeatReference Seat, DateOnly From) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => ProcessId;
}

/// <summary>A seat in a process's management group ended (the owner changed, the unit was dissolved, the actor disengaged, or it was removed).</summary>
/// <param name="EventId">Unique event id: deduplicate on it.</param>
/// <param name="OccurredAt">When the change was recorded (UTC).</param>
/// <param name="ProcessId">The process's id.</param>
/// <param name="Version">The process's version after this event.</param>
/// <param name="ProcessName">The process's name.</param>
/// <param name="Seat">The seat.</param>
/// <param name="To">The first day it no longer exists.</param>
/// <param name="Reason">Why: <c>owner-changed</c>, <c>unit-dissolved</c>, <c>actor-disengaged</c>, or in words.</param>
public sealed record ManagementGroupSeatEnded(Guid EventId, DateTimeOffset OccurredAt, Guid ProcessId, int Version, string ProcessName,
    SeatReference Seat, DateOnly To,
    string? Reason) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => ProcessId;
}
