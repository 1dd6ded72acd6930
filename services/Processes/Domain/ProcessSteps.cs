using Nacka.Contracts;
using Nacka.Contracts.Units;
using Nacka.Rules;

namespace Nacka.Processes.Domain;

/// <summary>The names events carry: director posts (title, holder on the change's date) and units, as known.</summary>
public sealed record ProcessNames(IReadOnlyDictionary<Guid, DirectorFacts> Directors, IReadOnlyDictionary<Guid, string> Units)
{
    public DirectorReference Director(Guid id) => Directors.TryGetValue(id, out var d) ? new(id, d.Title, d.HolderOn) : new(id, "", null);

    public string Unit(Guid id) => Units.GetValueOrDefault(id, "");
}

/// <summary>
/// One change of a process as the revisions and events it makes: one step per event, each its own
/// version (a subscriber orders by version and spots gaps), all recorded together.
/// </summary>
public sealed class ProcessSteps(ProcessState start, Revising first)
{
    private readonly List<Changed<ProcessState>> _steps = [];

    public ProcessState State { get; private set; } = start;

    public IReadOnlyList<Changed<ProcessState>> Steps => _steps;

    public Revising First => first;

    public int NextVersion => first.Version + _steps.Count;

    public ProcessSteps Add(string change, ProcessState next, Func<int, IIntegrationEvent> announce)
    {
        _steps.Add(new Changed<ProcessState>(next, change, [announce(NextVersion)]));
        State = next;
        return this;
    }
}
