namespace Nacka.AppHost.Infrastructure;

/// <summary>Existing servers: each connection string comes from <c>ConnectionStrings:&lt;name&gt;</c>.</summary>
internal static class ExternalInfrastructure
{
    public static Infrastructure Add(IDistributedApplicationBuilder builder) =>
        new(
            InfrastructureMode.External,
            new ConnectionResource(builder.AddConnectionString("messaging"), null),
            name => new ConnectionResource(builder.AddConnectionString(name), null));
}
