namespace Nacka.Messaging.ReadModels;

/// <summary>
/// How far this service's read model has applied one entity of another service: the entity's
/// last applied version. Its row is locked while an event of that entity is applied, so events
/// of one entity are applied one at a time and strictly in version order.
/// </summary>
public sealed class ReadModelVersion
{
    /// <summary>The publishing service (<c>units</c>).</summary>
    public string Source { get; set; } = "";

    public Guid EntityId { get; set; }

    public int Version { get; set; }
}
