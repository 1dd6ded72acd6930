using Nacka.Records.Http;
using Nacka.Committees.Assignments;
using Nacka.Committees.CommitteeRegister;
using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Committees;

public static class CommitteesApi
{
    /// <summary>
    /// Committees under <c>/api/committees</c> and their assignments under <c>/api/assignments</c>:
    /// reads are public, writes need role registrar, append history and publish events.
    /// </summary>
    public static IEndpointRouteBuilder MapCommitteesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/committees").WithTags("Committees").ValidateChangeRequests().TakeMomentsInUtc().RequireRoleForWrites(NackaRoles.Registrar)
            .MapCommittees();
        app.MapGroup("/api/assignments").WithTags("Assignments").ValidateChangeRequests().TakeMomentsInUtc().RequireRoleForWrites(NackaRoles.Registrar)
            .MapAssignmentQueries()
            .MapAssignmentChanges();
        return app;
    }
}
