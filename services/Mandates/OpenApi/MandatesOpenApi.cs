using Microsoft.AspNetCore.OpenApi;
using Nacka.Mandates.Grants;
using Nacka.ServiceDefaults.OpenApi;

namespace Nacka.Mandates.OpenApi;

/// <summary>The Mandates OpenAPI document's description and request examples, in Nacka's words.</summary>
public static class MandatesOpenApi
{
    private static readonly Guid Unit = Guid.Parse("0197a1b2-0000-7000-8000-0000000000a1");
    private static readonly Guid Ks = Guid.Parse("0197a1b2-0000-7000-8000-0000000000c0");

    private static readonly Dictionary<Type, object> Examples = new()
    {
        [typeof(GrantMandateRequest)] = new GrantMandateRequest(Unit, new HolderDto("Lena Åberg", "E12345"), "Rektor", null,
            new MandateDecisionDto(Ks, new DateOnly(2026, 6, 10), "§ 123", "KFKS 2026/123"), new DateOnly(2026, 8, 1), null, "Ny rektor för Sickla skola"),
        [typeof(RevokeMandateRequest)] = new RevokeMandateRequest(new DateOnly(2026, 12, 31),
            new MandateDecisionDto(Ks, new DateOnly(2026, 11, 20), "§ 301", "KFKS 2026/640"),
            "Omorganisation"),
    };

    public static OpenApiOptions AddMandatesExamples(this OpenApiOptions options) => options.Describe("Nacka Mandates API",
        "Every manager's mandate (responsibility and full authority over the unit's direction, goals, organisation, economy, personnel and development) "
        + "from kommunstyrelsen's decision: who leads each unit, since when, on which decision. Reads accept ?asOf=YYYY-MM-DD; writes need role "
            + "ks-secretariat.", Examples);
}
