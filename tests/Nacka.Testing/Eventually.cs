namespace Nacka.Testing;

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails naming what it last saw.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Condition not met within {timeout}." + (describe is null ? "" : " Last seen: " + await describe()));
    }
}
