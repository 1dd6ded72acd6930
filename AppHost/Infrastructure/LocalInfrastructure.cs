using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nacka.LocalServers;

namespace Nacka.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL and RabbitMQ as processes the AppHost starts from the installed binaries, shown in
/// the dashboard with their logs and health like any resource. Data lives under
/// <c>Infrastructure:Local:DataDirectory</c> (default: <c>.local/</c> in the repository, git-ignored)
/// and survives restarts; delete that folder to start from scratch.
/// </summary>
internal static class LocalInfrastructure
{
    private const string Section = "Infrastructure:Local";

    public static Infrastructure Add(IDistributedApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(Section);
        var dataRoot = Path.GetFullPath(settings["DataDirectory"] ?? Path.Combine(builder.AppHostDirectory, "..", ".local"));

        var postgres = AddPostgres(builder, new LocalPostgres(Path.Combine(dataRoot, "postgres"), Port(settings, "PostgresPort", 55432)));
        var rabbit = AddRabbitMq(builder, new LocalRabbitMq(
            Path.Combine(dataRoot, "rabbitmq"),
            amqpPort: Port(settings, "RabbitMqPort", 55672),
            managementPort: Port(settings, "RabbitMqManagementPort", 55673),
            distributionPort: Port(settings, "RabbitMqDistributionPort", 55674),
            epmdPort: Port(settings, "EpmdPort", 55675),
            nodeName: settings["RabbitMqNodeName"] ?? "nacka@localhost"));

        return new Infrastructure(InfrastructureMode.Local, rabbit, name => postgres(name));
    }

    private static Func<string, ConnectionResource> AddPostgres(IDistributedApplicationBuilder builder, LocalPostgres server)
    {
        server.EnsureInitialised();
        var password = builder.AddParameter("postgres-password", server.Password, publishValueAsDefault: false, secret: true);
        // Each service process keeps a pool of at most Database:MaxPoolSize (25) connections: room
        // for every service at up to 2 replicas plus tools, the way a shared server is sized.
        var (command, arguments) = server.ServerCommand(maxConnections: 300, statementStatistics: true);
        var healthCheck = "postgres-accepts-connections";
        builder.Services.AddHealthChecks().AddNpgSql(server.ConnectionString("postgres"), name: healthCheck);

        var resource = builder.AddExecutable("postgres", command, server.RootDirectory, [.. arguments])
            .WithEndpoint(name: "tcp", port: server.Port, targetPort: server.Port, scheme: "tcp", isProxied: false)
            .WithHealthCheck(healthCheck);

        // EF Core migrations create each database on first start; no SQL runs here.
        return name => new ConnectionResource(
            builder.AddConnectionString(name, ReferenceExpression.Create(
                    $"Host=127.0.0.1;Port={server.Port.ToString(CultureInfo.InvariantCulture)};Username={LocalPostgres.SuperUser};"
                    + $"Password={password};Database={name}"))
                .WithParentRelationship(resource),
            resource);
    }

    private static ConnectionResource AddRabbitMq(IDistributedApplicationBuilder builder, LocalRabbitMq broker)
    {
        broker.EnsureInitialised();
        var password = builder.AddParameter("rabbitmq-password", broker.Password, publishValueAsDefault: false, secret: true);
        var environment = broker.Environment();

        var (epmdCommand, epmdArguments) = broker.EpmdCommand();
        var epmd = builder.AddExecutable("rabbitmq-epmd", epmdCommand, broker.RootDirectory, [.. epmdArguments])
            .WithEndpoint(name: "tcp", port: broker.EpmdPort, targetPort: broker.EpmdPort, scheme: "tcp", isProxied: false);

        var healthCheck = "rabbitmq-accepts-amqp";
        // Healthy once the broker accepts its own AMQP login.
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async cancellationToken =>
            await broker.LoginFailureAsync(cancellationToken) is { } failure
                ? HealthCheckResult.Unhealthy(failure.Message, failure)
                : HealthCheckResult.Healthy());

        var (command, arguments) = broker.ServerCommand();
        var rabbit = builder.AddExecutable("rabbitmq", command, broker.RootDirectory, [.. arguments])
            .WithEndpoint(name: "amqp", port: broker.AmqpPort, targetPort: broker.AmqpPort, scheme: "amqp", isProxied: false)
            .WithHttpEndpoint(name: "management", port: broker.ManagementPort, targetPort: broker.ManagementPort, isProxied: false)
            .WithUrlForEndpoint("management", url =>
                url.DisplayText = $"RabbitMQ management (user {LocalRabbitMq.Username}, password: parameter rabbitmq-password)")
            .WithUrlForEndpoint("amqp", url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .WithHealthCheck(healthCheck)
            .WaitFor(epmd);
        foreach (var (key, value) in environment)
        {
            rabbit.WithEnvironment(key, value);
        }

        epmd.WithParentRelationship(rabbit);

        var connection = builder.AddConnectionString("messaging", ReferenceExpression.Create(
                $"amqp://{LocalRabbitMq.Username}:{password}@127.0.0.1:{broker.AmqpPort.ToString(CultureInfo.InvariantCulture)}/"))
            .WithParentRelationship(rabbit);
        return new ConnectionResource(connection, rabbit);
    }

    private static int Port(IConfiguration settings, string key, int fallback) =>
        int.TryParse(settings[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) ? port : fallback;
}
