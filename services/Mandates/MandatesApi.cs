using Nacka.Records.Http;
using Nacka.Mandates.Grants;
using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Mandates;

public static class MandatesApi
{
    /// <summary>Mandates under <c>/api/mandates</c>: reads are public; writes record kommunstyrelsen's decisions and need role ks-secretariat.</summary>
    public static IEndpointRouteBuilder MapMandatesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/mandates").WithTags("Mandates").ValidateChangeRequests().TakeMomentsInUtc().RequireRoleForWrites(NackaRoles.KsSecretariat)
            .MapMandateQueries()
            .MapMandateDecisions();
        return app;
    }
}
