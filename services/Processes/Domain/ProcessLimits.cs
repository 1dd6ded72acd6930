namespace Nacka.Processes.Domain;

/// <summary>How long a process's texts may be: the same limits in every rule that takes them.</summary>
public static class ProcessLimits
{
    /// <summary>A process's name, a unit's role in it, an actor's name, a representative's name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Purpose and what the process delivers.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>A contract's reference.</summary>
    public const int MaxReferenceLength = 100;
}
