using Nacka.Records.Http;
using Nacka.Records.Changes;
using Nacka.Rules;
using Nacka.Units.Kinds;
using Nacka.Units.Queries;
using Nacka.Units.Registration;
using Nacka.Units.Reorganisation;

namespace Nacka.Units;

public static class UnitsApi
{
    /// <summary>Units (enheter) under <c>/api/units</c>: reads are public, writes append history and publish events.</summary>
    public static IEndpointRouteBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/units").WithTags("Units").ValidateChangeRequests().TakeMomentsInUtc().RequireRoleForWrites(NackaRoles.Registrar);
        units.MapUnitKinds();
        units.MapUnitQueries();
        units.MapUnitRegistration();
        units.MapUnitReorganisation();
        return app;
    }
}
