namespace Nacka.AppHost.Infrastructure;

/// <summary>Where PostgreSQL and RabbitMQ come from (setting <c>Infrastructure:Mode</c>).</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, else local server processes.</summary>
    Auto,

    /// <summary><c>AddPostgres</c> / <c>AddRabbitMQ</c> containers (Docker or Podman).</summary>
    Containers,

    /// <summary>Servers started by the AppHost from the machine's installed binaries.</summary>
    Local,

    /// <summary>Existing servers, from <c>ConnectionStrings:*</c> configuration.</summary>
    External,
}
