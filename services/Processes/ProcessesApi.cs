using Nacka.Records.Http;
using Nacka.Processes.Register;
using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Processes;

public static class ProcessesApi
{
    /// <summary>Processes under <c>/api/processes</c>: reads are public, writes need role registrar, append history and publish events.</summary>
    public static IEndpointRouteBuilder MapProcessesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/processes").WithTags("Processes").ValidateChangeRequests().TakeMomentsInUtc().RequireRoleForWrites(NackaRoles.Registrar)
            .MapProcessQueries()
            .MapProcessChanges();
        return app;
    }
}
