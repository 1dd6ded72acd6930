using Nacka.Units.Api;

namespace Nacka.Units.Units;

public static class UnitsApi
{
    /// <summary>Units (enheter) under <c>/api/units</c>: reads are public, writes append history and publish events.</summary>
    public static IEndpointRouteBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/units").WithTags("Units").ValidateChangeRequests();
        units.MapUnitQueries();
        units.MapUnitCommands();
        return app;
    }
}
