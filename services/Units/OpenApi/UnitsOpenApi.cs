using Microsoft.AspNetCore.OpenApi;
using Nacka.Records.Changes;
using Nacka.Rules;
using Nacka.ServiceDefaults.OpenApi;
using Nacka.Units.Directors;
using Nacka.Units.Registration;
using Nacka.Units.Reorganisation;

namespace Nacka.Units.OpenApi;

/// <summary>The Units OpenAPI document's description and request examples.</summary>
public static class UnitsOpenApi
{
    private static readonly Guid Director = Guid.Parse("0197a1b2-0000-7000-8000-000000000001");
    private static readonly DecisionDto KsDecision = new("KS", new DateOnly(2026, 5, 12), "§ 123", "KFKS 2026/123");

    private static readonly Dictionary<Type, object> Examples = new()
    {
        [typeof(CreateUnitRequest)] = new CreateUnitRequest("Förskolan Ugglan", "Ugglan Preschool", "Ugglan", "forskola", "Rektor", Director,
            new DateOnly(2026, 8, 1),
            [new IdentifierDto("skolenhetskod", "23415501")], new Domain.Address("Ugglevägen 4", "131 41", "Nacka"),
            new Domain.Contact("08-718 80 00", "ugglan@nacka.se", "https://www.nacka.se"), "Ny förskola i Sickla", KsDecision),
        [typeof(UpdateUnitDetailsRequest)] = new UpdateUnitDetailsRequest("Ugglan Preschool", "Ugglan", "forskola", "Rektor",
            [new IdentifierDto("skolenhetskod", "23415501"), new IdentifierDto("hsa-id", "SE2120000167-UGG1")], null, null, new DateOnly(2026, 9, 1),
                "Nytt HSA-id", null),
        [typeof(RenameUnitRequest)] = new RenameUnitRequest("Förskolan Ugglebo", new DateOnly(2027, 1, 1), null, KsDecision),
        [typeof(ChangeReportingLineRequest)] = new ChangeReportingLineRequest(Director, new DateOnly(2027, 1, 1),
            "Elevhälsan flyttas till välfärdsprocessen", null),
        [typeof(DissolveUnitRequest)] = new DissolveUnitRequest(new DateOnly(2027, 6, 30), "Verksamheten upphör", KsDecision),
        [typeof(MergeUnitsRequest)] = new MergeUnitsRequest([Guid.Parse("0197a1b2-0000-7000-8000-0000000000a2")], new DateOnly(2027, 1, 1),
            "Förskolorna slås samman", KsDecision),
        [typeof(CreateDirectorPostRequest)] = new CreateDirectorPostRequest("Utbildningsdirektör", new DateOnly(2026, 1, 1),
            "Ny processägare för utbildningsprocessen", null),
        [typeof(AppointDirectorRequest)] = new AppointDirectorRequest("Anna Svensson", new DateOnly(2026, 2, 1), null, KsDecision),
        [typeof(VacateDirectorPostRequest)] = new VacateDirectorPostRequest(new DateOnly(2026, 12, 31), "Går i pension", null),
    };

    public static OpenApiOptions AddNackaExamples(this OpenApiOptions options) => options.Describe("Nacka Units API",
        "Units (enheter), director posts (direktörer) and the reporting line between them, with history. "
        + "Reads accept ?asOf=YYYY-MM-DD; writes answer rule violations with RFC 9457 Problem Details (404, 409, 412, 422) and honour If-Match.", Examples);
}
