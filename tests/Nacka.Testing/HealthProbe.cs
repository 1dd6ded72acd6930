using System.Net;
using System.Text.Json;

namespace Nacka.Testing;

public static class HealthProbe
{
    /// <summary>
    /// Polls a health endpoint until it reports healthy (the bus connects a moment after start),
    /// and fails with the last report so a broken dependency is named in the test output.
    /// </summary>
    public static async Task<JsonElement> WaitUntilHealthyAsync(HttpClient client, string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "(no answer)";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var response = await client.GetAsync(path);
                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    // Degraded answers 200 too (the broker link connects a moment after start): wait for Healthy.
                    using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    if (document.RootElement.GetProperty("status").GetString() == "Healthy")
                    {
                        return document.RootElement.Clone();
                    }
                }
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{path} did not report healthy within {timeout}. Last answer: {last}");
    }
}
