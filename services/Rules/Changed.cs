using Nacka.Contracts;

namespace Nacka.Rules;

/// <summary>
/// What a domain operation decided: the entity's new state, the name of the change for its
/// history (<c>renamed</c>), and the integration events that announce it — all in one place, so
/// which fields an event carries is decided and tested with the rule.
/// </summary>
public sealed record Changed<TState>(TState State, string Change, IReadOnlyList<IIntegrationEvent> Events);
