using Microsoft.AspNetCore.OpenApi;
using Nacka.Committees.Assignments;
using Nacka.Committees.CommitteeRegister;
using Nacka.Records.Changes;
using Nacka.Rules;
using Nacka.ServiceDefaults.OpenApi;

namespace Nacka.Committees.OpenApi;

/// <summary>The Committees OpenAPI document's description and request examples, in Nacka's words.</summary>
public static class CommitteesOpenApi
{
    private static readonly Guid Director = Guid.Parse("0197a1b2-0000-7000-8000-000000000001");
    private static readonly Guid Committee = Guid.Parse("0197a1b2-0000-7000-8000-0000000000c1");
    private static readonly Guid Unit = Guid.Parse("0197a1b2-0000-7000-8000-0000000000a1");
    private static readonly DecisionDto UnDecision = new("Utbildningsnämnden", new DateOnly(2026, 9, 15), "§ 45", "UBN 2026/88");

    private static readonly Dictionary<Type, object> Examples = new()
    {
        [typeof(CreateCommitteeRequest)] = new CreateCommitteeRequest("Utbildningsnämnden", "Committee",
            "Förskola, grundskola, gymnasieskola och vuxenutbildning", [Director], new DateOnly(2015, 1, 1), null,
            new DecisionDto("KF", new DateOnly(2014, 11, 24), "§ 210", "KFKS 2014/512")),
        [typeof(UpdateCommitteeDetailsRequest)] = new UpdateCommitteeDetailsRequest("Utbildningsnämnden", "Förskola, skola och vuxenutbildning",
            new DateOnly(2027, 1, 1), "Nytt reglemente", null),
        [typeof(ChangeLinkDirectorsRequest)] = new ChangeLinkDirectorsRequest([Director], new DateOnly(2027, 1, 1), "Ny länkdirektör", null),
        [typeof(DissolveCommitteeRequest)] = new DissolveCommitteeRequest(new DateOnly(2027, 1, 1), "Uppgår i ny nämnd",
            new DecisionDto("KF", new DateOnly(2026, 6, 15), "§ 98", "KFKS 2026/301")),
        [typeof(IssueAssignmentRequest)] = new IssueAssignmentRequest(Committee, Unit, "Öka andelen elever med godkända betyg i matematik",
            "Ta fram och genomföra en plan för matematikundervisningen i årskurs 7–9.", new DateOnly(2026, 10, 1), new DateOnly(2027, 6, 30), null,
                null, null, UnDecision),
        [typeof(RecordBriefingRequest)] = new RecordBriefingRequest(new DateOnly(2026, 10, 5), "Genomgång med rektor på ledningsmöte", null, null),
        [typeof(CompleteAssignmentRequest)] = new CompleteAssignmentRequest(new DateOnly(2027, 6, 30), "Planen genomförd och utvärderad", null),
        [typeof(WithdrawAssignmentRequest)] = new WithdrawAssignmentRequest(new DateOnly(2027, 1, 1), null, UnDecision),
    };

    public static OpenApiOptions AddCommitteesExamples(this OpenApiOptions options) => options.Describe("Nacka Committees API",
        "Kommunstyrelsen and the nämnder, the director posts linking them to the units, and the assignments (uppdrag) they give to any unit, with history. "
        + "Reads accept ?asOf=YYYY-MM-DD; writes need role registrar and answer rule violations with RFC 9457 Problem Details (404, 409 with a "
            + "code, 412, 422).", Examples);
}
