namespace Nacka.Testing;

/// <summary>
/// The model tests' check of requests sent at once. The service may take two requests sent together in either order, or
/// take one and let the other lose (412, nothing changed); each such order, tried on a copy of each world the model still
/// allows, is kept when the model's answers to it are the service's. Later answers narrow the worlds further, and the
/// reads at the end must agree with one of them — a linearizability check on a model small enough to enumerate.
/// </summary>
public static class PossibleWorlds
{
    private static readonly int[][] Alone = [[0]];

    /// <summary>Two requests: one after the other in either order, or only one of them.</summary>
    private static readonly int[][] Pairs = [[0, 1], [1, 0], [0], [1]];

    /// <param name="worlds">The states the model allows so far.</param>
    /// <param name="requests">How many requests were sent at once (1 or 2).</param>
    /// <param name="copy">A world's independent copy, to try an order on.</param>
    /// <param name="apply">Applies request <c>j</c> to a world as the model decides it; returns whether the model accepts it.</param>
    /// <param name="accepted">Whether the service accepted request <c>j</c>.</param>
    /// <param name="lostToTheOther">Whether request <c>j</c> may have lost to the one sent beside it, changing nothing (412).</param>
    public static List<TWorld> Narrow<TWorld>(IEnumerable<TWorld> worlds, int requests, Func<TWorld, TWorld> copy, Func<TWorld, int, bool> apply,
        Func<int, bool> accepted, Func<int, bool> lostToTheOther)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(requests, 2);
        var next = new List<TWorld>();
        foreach (var world in worlds)
        {
            foreach (var order in requests == 1 ? Alone : Pairs)
            {
                var tried = copy(world);
                if (order.All(j => apply(tried, j) == accepted(j)) && Enumerable.Range(0, requests).Except(order).All(lostToTheOther))
                {
                    next.Add(tried);
                }
            }
        }

        return next;
    }
}
