using Microsoft.AspNetCore.OpenApi;
using Nacka.Processes.Register;
using Nacka.ServiceDefaults.OpenApi;

namespace Nacka.Processes.OpenApi;

/// <summary>The Processes OpenAPI document's description and request examples, in Nacka's words.</summary>
public static class ProcessesOpenApi
{
    private static readonly Guid Director = Guid.Parse("0197a1b2-0000-7000-8000-000000000001");
    private static readonly Guid Unit = Guid.Parse("0197a1b2-0000-7000-8000-0000000000a1");

    private static readonly Dictionary<Type, object> Examples = new()
    {
        [typeof(CreateProcessRequest)] = new CreateProcessRequest("Utbildningsprocessen", "main",
            "Alla barn och elever erbjuds en förskola eller skola där de lär och utvecklas utifrån sina egna behov och förutsättningar, "
                + "har inflytande, känner sig trygga och kan nå sin fulla potential.",
            "Förskola, grundskola, gymnasieskola och vuxenutbildning", Director, new DateOnly(2015, 1, 1), "Processorganisation", null),
        [typeof(UpdateProcessDetailsRequest)] = new UpdateProcessDetailsRequest("Utbildningsprocessen", "main",
            "Varje barn och elev når sin fulla potential.", null,
            new DateOnly(2027, 1, 1), "Nytt syfte", null),
        [typeof(ChangeOwnerRequest)] = new ChangeOwnerRequest(Director, new DateOnly(2027, 1, 1), "Ny utbildningsdirektör", null),
        [typeof(EndProcessRequest)] = new EndProcessRequest(new DateOnly(2027, 12, 31), "Processen slås ihop", null),
        [typeof(JoinProcessRequest)] = new JoinProcessRequest(Unit, "utför grundskoleutbildning", new DateOnly(2026, 8, 1), null, null),
        [typeof(LeaveRequest)] = new LeaveRequest(new DateOnly(2027, 6, 30), "Verksamheten flyttas", null),
        [typeof(EngageActorRequest)] = new EngageActorRequest("556036-0793", "Friskolan Exempel AB", "Grundskoleutbildning", "KFKS 2025/88",
            new DateOnly(2026, 1, 1), null, null),
        [typeof(AddSeatRequest)] = new AddSeatRequest("unit-manager", null, Unit, null, null, new DateOnly(2026, 9, 1),
            "Rektor för Sickla skola ingår i ledningsgruppen", null),
    };

    public static OpenApiOptions AddProcessesExamples(this OpenApiOptions options) => options.Describe("Nacka Processes API",
        "Nacka's cross-cutting processes: their owners (processägare), the units taking part, the external actors delivering within them, and the "
            + "management groups "
        + "(ledningsgrupper) resolved to people on a date. Reads accept ?asOf=YYYY-MM-DD; writes need role registrar.", Examples);
}
