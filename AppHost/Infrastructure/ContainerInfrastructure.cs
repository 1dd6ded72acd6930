namespace Nacka.AppHost.Infrastructure;

/// <summary>The usual Aspire containers, for machines with Docker or Podman. Data lives in named volumes.</summary>
internal static class ContainerInfrastructure
{
    public static Infrastructure Add(IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres").WithDataVolume("nacka-postgres-data");
        var rabbit = builder.AddRabbitMQ("messaging").WithManagementPlugin().WithDataVolume("nacka-rabbitmq-data");

        return new Infrastructure(
            InfrastructureMode.Containers,
            new ConnectionResource(rabbit, rabbit),
            name =>
            {
                var database = postgres.AddDatabase(name);
                return new ConnectionResource(database, database);
            });
    }

}
