namespace Nacka.Portal.Register;

/// <summary>How a form field is asked for.</summary>
public enum FieldKind
{
    Text,
    Date,
    /// <summary>One of a list read from the register (<see cref="FieldSpec.Source"/>).</summary>
    Pick,
    /// <summary>Several of a list read from the register.</summary>
    PickMany,
    /// <summary>One of fixed <see cref="FieldSpec.Choices"/>.</summary>
    Choice,
    /// <summary>A list of identifiers, one <c>scheme: value</c> per line (sent as <c>[{scheme, value}]</c>).</summary>
    Identifiers,
    /// <summary>
    /// New units, one name per line (sent as <c>[{name, kind, managerTitle, directorPostId}]</c>): each starts with the kind,
    /// manager title and reporting line of the unit the form changes; "Ändra uppgifter" changes them afterwards.
    /// </summary>
    NewUnits,
}

/// <summary>
/// One field of a change: <see cref="Key"/> is the API's name for it (dotted for nested:
/// <c>decision.body</c>), which is also where Problem Details puts its messages. A field the record
/// read has under the same name starts with its current value, so a change that replaces the whole
/// (a PUT of details) keeps what the user does not touch.
/// </summary>
public sealed record FieldSpec(string Key, string Label, FieldKind Kind = FieldKind.Text, string? Source = null, string[]? Choices = null, bool Today = false);

/// <summary>
/// One write of a service as a form: who may make it, where it goes (<c>{id}</c> the record,
/// other <c>{key}</c>s filled from fields of that name), and what it asks. A change of an existing
/// record sends the version read from <see cref="ReadPath"/> as If-Match.
/// </summary>
public sealed record Operation(string Slug, string Title, string Role, string Method, string Path, string? ReadPath, string Done, FieldSpec[] Fields);

/// <summary>Every write the workspace offers through the generic form (<c>/andra/{slug}/{id?}</c>).</summary>
public static class Operations
{
    public const string Units = "/api/units?pageSize=200&status=all";
    public const string Directors = "/api/directors";
    public const string Committees = "/api/committees?pageSize=200";

    private static readonly FieldSpec Reason = new("reason", "Skäl");

    private static FieldSpec[] Decided(params FieldSpec[] fields) =>
    [
        .. fields, Reason,
        new("decision.body", "Beslutande organ"), new("decision.date", "Beslutsdatum", FieldKind.Date),
        new("decision.paragraph", "Paragraf (§)"), new("decision.caseNumber", "Diarienummer"),
    ];

    private static FieldSpec Date(string key, string label) => new(key, label, FieldKind.Date, Today: true);

    public static readonly IReadOnlyList<Operation> All =
    [
        // Units
        new("enhet-uppgifter", "Ändra enhetens uppgifter och identifierare", NackaRoles.Registrar, "PUT", "/api/units/{id}/details",
            "/api/units/{id}", "/enheter/{id}",
            Decided(
            new("englishName", "Engelskt namn"), new("shortName", "Kortnamn"), new("kind", "Slag", FieldKind.Pick, "/api/units/kinds"),
            new("managerTitle", "Chefens titel", FieldKind.Choice, Choices: ["Enhetschef", "Rektor", "Verksamhetschef"]),
            new("identifiers", "Identifierare (en per rad: schema: värde, t.ex. skolenhetskod: 12345678)", FieldKind.Identifiers),
            new("visitingAddress.street", "Besöksadress"), new("visitingAddress.postalCode", "Postnummer"), new("visitingAddress.city", "Ort"),
            new("contact.phone", "Telefon"), new("contact.email", "E-post"), new("contact.web", "Webbplats"), Date("validFrom", "Gäller från"))),
        new("enhet-rapportering", "Ändra rapporteringsväg", NackaRoles.Registrar, "POST", "/api/units/{id}/reporting-line", "/api/units/{id}",
            "/enheter/{id}", Decided(
            new("directorPostId", "Rapporterar till (direktör)", FieldKind.Pick, Directors), Date("validFrom", "Gäller från"))),
        new("enhet-sammanslagning", "Slå samman enheter in i denna", NackaRoles.Registrar, "POST", "/api/units/{id}/merge", "/api/units/{id}",
            "/enheter/{id}", Decided(
            new("sourceUnitIds", "Enheter som går upp i denna", FieldKind.PickMany, Units), Date("validFrom", "Gäller från"))),
        new("enhet-delning", "Dela enheten i nya enheter", NackaRoles.Registrar, "POST", "/api/units/{id}/split", "/api/units/{id}", "/enheter/{id}", Decided(
            new("successors", "Nya enheter (ett namn per rad; de får denna enhets slag, chefstitel och rapporteringsväg)", FieldKind.NewUnits),
            Date("validFrom", "Gäller från"))),
        // Director posts
        new("direktor-vakant", "Lämna posten vakant", NackaRoles.Registrar, "POST", "/api/directors/{id}/vacate", "/api/directors/{id}", "/direktorer",
            Decided(Date("validFrom", "Från"))),
        // Committees
        new("namnd-ny", "Inrätta en nämnd", NackaRoles.Registrar, "POST", "/api/committees", null, "/att-gora", Decided(
            new("name", "Namn"), new("kind", "Slag", FieldKind.Choice, Choices: ["Committee", "ExecutiveBoard"]), new("area", "Område"),
            new("linkDirectorPostIds", "Länkdirektörer", FieldKind.PickMany, Directors), Date("establishedOn", "Inrättas från"))),
        new("namnd-uppgifter", "Ändra nämndens uppgifter", NackaRoles.Registrar, "PUT", "/api/committees/{id}/details", "/api/committees/{id}",
            "/att-gora", Decided(
            new("name", "Namn"), new("area", "Område"), Date("validFrom", "Gäller från"))),
        new("namnd-lankdirektorer", "Byt länkdirektörer", NackaRoles.Registrar, "PUT", "/api/committees/{id}/link-directors", "/api/committees/{id}",
            "/att-gora", Decided(
            new("linkDirectorPostIds", "Länkdirektörer", FieldKind.PickMany, Directors), Date("validFrom", "Gäller från"))),
        new("namnd-upplos", "Upplös nämnden", NackaRoles.Registrar, "POST", "/api/committees/{id}/dissolve", "/api/committees/{id}", "/att-gora", Decided(
            Date("dissolvedOn", "Upplöses från"))),
        // Assignments
        new("uppdrag-nytt", "Ge ett uppdrag", NackaRoles.Registrar, "POST", "/api/assignments", null, "/att-gora", Decided(
            new("committeeId", "Nämnd", FieldKind.Pick, Committees), new("unitId", "Enhet", FieldKind.Pick, Units), new("title", "Rubrik"),
            new("description", "Beskrivning"), Date("from", "Från"), new("to", "Till och med", FieldKind.Date),
            new("responsibleDirectorPostId", "Ansvarig direktör", FieldKind.Pick, Directors),
            new("continuesAssignmentId", "Fortsätter uppdrag (efter sammanslagning eller delning; id)"))),
        new("uppdrag-genomgang", "Registrera genomgång", NackaRoles.Registrar, "POST", "/api/assignments/{id}/briefing", "/api/assignments/{id}",
            "/att-gora", Decided(
            Date("briefedOn", "Genomgånget den"), new("note", "Anteckning"))),
        new("uppdrag-klart", "Markera uppdraget som slutfört", NackaRoles.Registrar, "POST", "/api/assignments/{id}/complete",
            "/api/assignments/{id}", "/att-gora", Decided(
            Date("completedOn", "Slutfört den"))),
        new("uppdrag-aterkalla", "Återkalla uppdraget", NackaRoles.Registrar, "POST", "/api/assignments/{id}/withdraw", "/api/assignments/{id}",
            "/att-gora", Decided(
            Date("withdrawnOn", "Återkallat den"))),
        // Mandates
        new("mandat-aterkalla", "Återkalla chefsuppdraget", NackaRoles.KsSecretariat, "POST", "/api/mandates/{id}/revoke", "/api/mandates/{id}", "/att-gora", [
            Date("endedOn", "Upphör från"), Reason, new("decision.committeeId", "Kommunstyrelsen", FieldKind.Pick, Committees),
            new("decision.date", "Beslutsdatum", FieldKind.Date), new("decision.paragraph", "Paragraf (§)"), new("decision.caseNumber", "Diarienummer")]),
        // Processes
        new("process-ny", "Inrätta en process", NackaRoles.Registrar, "POST", "/api/processes", null, "/att-gora", Decided(
            new("name", "Namn"), new("kind", "Slag", FieldKind.Choice, Choices: ["main", "steering", "support"]), new("purpose", "Syfte"),
            new("delivers", "Levererar"), new("ownerDirectorPostId", "Processägare (direktör)", FieldKind.Pick, Directors), Date("establishedOn", "Från"))),
        new("process-uppgifter", "Ändra processens uppgifter", NackaRoles.Registrar, "PUT", "/api/processes/{id}/details", "/api/processes/{id}",
            "/att-gora", Decided(
            new("name", "Namn"), new("kind", "Slag", FieldKind.Choice, Choices: ["main", "steering", "support"]), new("purpose", "Syfte"),
            new("delivers", "Levererar"), Date("validFrom", "Gäller från"))),
        new("process-agare", "Byt processägare", NackaRoles.Registrar, "POST", "/api/processes/{id}/owner", "/api/processes/{id}", "/att-gora", Decided(
            new("directorPostId", "Ny ägare (direktör)", FieldKind.Pick, Directors), Date("validFrom", "Från"))),
        new("process-avsluta", "Avsluta processen", NackaRoles.Registrar, "POST", "/api/processes/{id}/end", "/api/processes/{id}", "/att-gora", Decided(
            Date("endedOn", "Avslutas från"))),
        new("process-enhet-in", "En enhet går in i processen", NackaRoles.Registrar, "POST", "/api/processes/{id}/units", "/api/processes/{id}",
            "/att-gora", Decided(
            new("unitId", "Enhet", FieldKind.Pick, Units), new("role", "Roll i processen"), Date("from", "Från"))),
        new("process-enhet-ut", "En enhet lämnar processen", NackaRoles.Registrar, "POST", "/api/processes/{id}/units/{unitId}/leave",
            "/api/processes/{id}", "/att-gora",
            Decided(new("unitId", "Enhet", FieldKind.Pick, Units), Date("to", "Från och med"))),
        new("process-aktor-in", "En extern aktör engageras", NackaRoles.Registrar, "POST", "/api/processes/{id}/actors", "/api/processes/{id}",
            "/att-gora", Decided(
            new("organisationsnummer", "Organisationsnummer"), new("name", "Namn"), new("delivers", "Levererar"), new("contractReference", "Avtal"),
            Date("from", "Från"))),
        new("process-aktor-ut", "En extern aktör lämnar", NackaRoles.Registrar, "POST", "/api/processes/{id}/actors/{organisationsnummer}/disengage",
            "/api/processes/{id}",
            "/att-gora", Decided(new("organisationsnummer", "Organisationsnummer"), Date("to", "Från och med"))),
        new("process-plats-ny", "Ny plats i ledningsgruppen", NackaRoles.Registrar, "POST", "/api/processes/{id}/seats", "/api/processes/{id}",
            "/att-gora", Decided(
            new("kind", "Slag", FieldKind.Choice, Choices: ["director", "unit-manager", "external"]),
                new("directorPostId", "Direktör", FieldKind.Pick, Directors),
            new("unitId", "Enhet (chefen sitter)", FieldKind.Pick, Units), new("organisationsnummer", "Organisationsnummer (extern)"),
            new("representativeName", "Representant (extern)"), Date("from", "Från"))),
        new("process-plats-slut", "Avsluta en plats i ledningsgruppen", NackaRoles.Registrar, "POST", "/api/processes/{id}/seats/{seatId}/end",
            "/api/processes/{id}",
            "/att-gora", Decided(new("seatId", "Platsens id"), Date("to", "Från och med"))),
    ];

    public static Operation? Find(string slug) => All.FirstOrDefault(o => o.Slug == slug);

    /// <summary>Where to choose the record an operation changes from (its read path's list).</summary>
    public static string? RecordsFor(Operation operation) => operation.ReadPath switch
    {
        null => null,
        var read when read.StartsWith("/api/units/", StringComparison.Ordinal) => Units,
        var read when read.StartsWith("/api/directors/", StringComparison.Ordinal) => Directors,
        var read when read.StartsWith("/api/committees/", StringComparison.Ordinal) => Committees,
        var read when read.StartsWith("/api/assignments/", StringComparison.Ordinal) => "/api/assignments?pageSize=200&status=issued",
        var read when read.StartsWith("/api/mandates/", StringComparison.Ordinal) => "/api/mandates?pageSize=200&status=active",
        var read when read.StartsWith("/api/processes/", StringComparison.Ordinal) => "/api/processes?pageSize=200",
        _ => null,
    };
}
