namespace Nacka.AppHost.Infrastructure;

/// <summary>
/// What a service needs from the infrastructure, whichever mode provided it: a connection string
/// resource to reference, and the resource to wait for before the service starts.
/// </summary>
public sealed record ConnectionResource(IResourceBuilder<IResourceWithConnectionString> Connection, IResourceBuilder<IResource>? WaitTarget);

/// <summary>The broker connection (<c>messaging</c>) and one database per service.</summary>
public sealed class Infrastructure(InfrastructureMode mode, ConnectionResource messaging, Func<string, ConnectionResource> database)
{
    public InfrastructureMode Mode { get; } = mode;

    public ConnectionResource Messaging { get; } = messaging;

    public ConnectionResource Database(string name) => database(name);
}

public static class InfrastructureProjectExtensions
{
    /// <summary>
    /// Gives a service its own database and the broker, and holds it back until both answer, so it
    /// can migrate and connect at start. The service cannot tell which mode provided them.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithInfrastructure(this IResourceBuilder<ProjectResource> project, Infrastructure infrastructure,
        string databaseName)
    {
        foreach (var needed in new[] { infrastructure.Database(databaseName), infrastructure.Messaging })
        {
            project.WithReference(needed.Connection);
            if (needed.WaitTarget is not null)
            {
                project.WaitFor(needed.WaitTarget);
            }
        }

        return project;
    }
}
