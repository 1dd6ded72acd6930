namespace Nacka.Testing;

/// <summary>
/// One write route exercised by <see cref="WriteContractTests{TProgram, TContext}"/>.
/// </summary>
/// <param name="Route">The route as the service maps it, method and pattern: <c>POST /api/units/{id:guid}/rename</c>.</param>
/// <param name="Events">The CloudEvents types the write commits, in order (<c>se.nacka.org.units.unit-renamed.v1</c>).</param>
/// <param name="Arrange">Makes what the write needs through the API (as a writer), and returns the write.</param>
public sealed record WriteScenario(string Route, IReadOnlyList<string> Events, Func<HttpClient, Task<WriteRequest>> Arrange)
{
    public override string ToString() => Route;
}

/// <summary>A write and a variant of it the service must refuse.</summary>
/// <param name="Path">The concrete path, ids filled in.</param>
/// <param name="Body">A body the service accepts.</param>
/// <param name="RejectedBody">A body it must refuse with a 4xx (a broken rule or invalid values).</param>
public sealed record WriteRequest(string Path, object Body, object RejectedBody);
