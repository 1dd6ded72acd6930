using System.ComponentModel;
using System.Text.Json.Nodes;

namespace Nacka.Gateway.ApiReference;

// The composed views are built as JSON from the services' own answers (so a field a service adds
// reaches the portal without a gateway release). These records only describe their top level in
// the gateway's OpenAPI document; ComposedViewTests fails when the unit view and its shape drift apart,
// Processes.Tests' ProcessViewShapeTests when the process view's shape and the Processes service's answer do.

[Description("A unit as the portal shows it: the Units service's unit with its manager, director, open assignments by committee and processes.")]
public sealed record OrgUnitView(
    [property: Description("The unit as GET /api/units/{id} answers it (see the Units document).")] JsonObject Unit,
    [property: Description("Who leads the unit under a mandate from kommunstyrelsen, with the decision; null when nobody does.")] JsonObject? Manager,
    [property: Description("The director post the unit reports to, with its holder.")] JsonObject? Director,
    [property: Description("Open assignments grouped by the committee that gave them, with counts and shares; null when Committees could not answer.")]
    OrgAssignments? Assignments,
    [property: Description("The processes the unit takes part in, with owner and the unit's role; null when Processes could not answer.")]
    IReadOnlyList<OrgUnitProcess>? Processes,
    [property: Description("The services that could not answer in time; their parts are null.")] IReadOnlyList<string> Missing,
    [property: Description("The date the view shows.")] DateOnly AsOf);

public sealed record OrgAssignments(int Total, JsonObject? MainCommittee, IReadOnlyList<OrgCommitteeAssignments> ByCommittee);

public sealed record OrgCommitteeAssignments(JsonObject Committee, int Count, double Share, IReadOnlyList<JsonObject> Assignments);

public sealed record OrgUnitProcess(Guid Id, string Name, string Kind, JsonObject? Owner, string? Role);

[Description("A director post as the portal shows it.")]
public sealed record OrgDirectorView(
    [property: Description("The post and its holder, as GET /api/directors/{id} answers it.")] JsonObject Director,
    [property: Description("The units reporting to the post, with their managers.")] IReadOnlyList<OrgUnitRef>? Units,
    [property: Description("The processes the post owns.")] IReadOnlyList<OrgProcessRef>? ProcessesOwned,
    [property: Description("The committees the post is link director (förvaltningschef) for.")] IReadOnlyList<OrgCommitteeRef>? CommitteesLinked,
    [property: Description("The management groups the post has a seat in.")] JsonArray? GroupsSatIn,
    IReadOnlyList<string> Missing,
    DateOnly AsOf);

public sealed record OrgUnitRef(Guid Id, string Name, string Kind, JsonObject? Manager);

public sealed record OrgProcessRef(Guid Id, string Name, string Kind, string? Purpose);

public sealed record OrgCommitteeRef(Guid Id, string Name, string Kind);

[Description("A process as GET /api/processes/{id} answers it (see the Processes document), each participating unit with its manager, and the parts missing.")]
public sealed record OrgProcessView(
    Guid Id,
    int Version,
    string Name,
    string Kind,
    string? Purpose,
    string? Delivers,
    string Status,
    JsonObject? Owner,
    DateOnly EstablishedOn,
    DateOnly? EndedOn,
    [property: Description("Participating units, each with the unit's manager (null when Units could not answer).")] JsonArray Units,
    [property: Description("External actors (contractors) by organisationsnummer.")] JsonArray Actors,
    [property: Description("The management group, each seat resolved to a person.")] JsonArray ManagementGroup,
    DateOnly ValidFrom,
    DateOnly AsOf,
    [property: Description("The services that could not answer in time (units: the managers).")] IReadOnlyList<string> Missing);

[Description("Hits over units, directors, committees and processes, ranked: the whole name, then names starting with the words, then a word "
    + "starting with them, then the rest.")]
public sealed record OrgSearchResult(IReadOnlyList<OrgSearchHit> Items, int Page, int PageSize, int TotalCount, IReadOnlyList<string> Missing, DateOnly AsOf);

public sealed record OrgSearchHit(
    [property: Description("unit, director, committee or process.")] string Kind,
    Guid Id,
    string Name,
    [property: Description("The kind of unit, committee or process, or a director's holder.")] string? Detail,
    [property: Description("The composed view to open: /api/org/{kind}s/{id}.")] string View);

[Description("A committee (nämnd) as the portal shows it: the Committees service's committee with the assignments it has given that are open on the date.")]
public sealed record OrgCommitteeView(
    [property: Description("The committee and its link directors (förvaltningschefer), as GET /api/committees/{id} answers it.")] JsonObject Committee,
    [property: Description("Its assignments open on the date (issued, the date within their period), each with its unit; null when they could not be read.")]
    IReadOnlyList<OrgCommitteeAssignment>? Assignments,
    [property: Description("The services that could not answer in time; their parts are null.")] IReadOnlyList<string> Missing,
    [property: Description("The date the view shows.")] DateOnly AsOf);

public sealed record OrgCommitteeAssignment(Guid Id, string Title, JsonObject Unit, DateOnly From, DateOnly? To, JsonObject ResponsibleDirector,
    JsonObject? Briefing);
