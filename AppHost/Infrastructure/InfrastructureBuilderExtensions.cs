using Microsoft.Extensions.Configuration;
using Nacka.LocalServers;

namespace Nacka.AppHost.Infrastructure;

public static class InfrastructureBuilderExtensions
{
    public const string ModeSetting = "Infrastructure:Mode";

    /// <summary>
    /// Adds PostgreSQL and RabbitMQ from where <c>Infrastructure:Mode</c> says: <c>auto</c>
    /// (default), <c>containers</c>, <c>local</c> or <c>external</c>.
    /// </summary>
    public static Infrastructure AddInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var mode = ResolveMode(builder.Configuration[ModeSetting]);
        return mode switch
        {
            InfrastructureMode.Containers => ContainerInfrastructure.Add(builder),
            InfrastructureMode.Local => LocalInfrastructure.Add(builder),
            InfrastructureMode.External => ExternalInfrastructure.Add(builder),
            _ => throw new InvalidOperationException($"Unhandled infrastructure mode {mode}."),
        };
    }

    private static InfrastructureMode ResolveMode(string? setting)
    {
        if (!Enum.TryParse<InfrastructureMode>(string.IsNullOrWhiteSpace(setting) ? "auto" : setting, ignoreCase: true, out var mode))
        {
            throw new InvalidOperationException($"{ModeSetting} is '{setting}'; use auto, containers, local or external.");
        }

        if (mode != InfrastructureMode.Auto)
        {
            return mode;
        }

        if (ContainerRuntime.Answers(TimeSpan.FromSeconds(10)))
        {
            return InfrastructureMode.Containers;
        }

        var missing = Installation.MissingForLocalServers();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                "No container runtime answers (docker info / podman info failed) and local servers cannot start. Missing:"
                + Environment.NewLine + string.Join(Environment.NewLine, missing.Select(m => "  - " + m))
                + Environment.NewLine + "Or set Infrastructure__Mode=external with ConnectionStrings__unitsdb, ..., ConnectionStrings__messaging.");
        }

        return InfrastructureMode.Local;
    }
}
