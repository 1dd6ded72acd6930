using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Nacka.LocalServers;

/// <summary>
/// A RabbitMQ account for one municipal system subscribing to the organisation's events: it may
/// declare, bind and read queues named <c>&lt;system&gt;.*</c> and bind them to the <c>nacka.*</c>
/// exchanges; it may not publish to those exchanges (nor to any other) and may not read another
/// system's queues. Made through the broker's management API with an administrator's credentials.
/// </summary>
public static partial class SubscriberAccounts
{
    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$")]
    private static partial Regex SystemName();

    public static bool IsValidSystemName(string system) => SystemName().IsMatch(system);

    /// <summary>The permissions, as RabbitMQ regular expressions on resource names.</summary>
    public static (string Configure, string Write, string Read) PermissionsFor(string system)
    {
        var own = $"^{Regex.Escape(system)}\\.";
        // Binding a queue needs write on the queue and read on the exchange; publishing needs write on the exchange.
        return (own, own, $"({own}|^nacka\\.)");
    }

    /// <summary>Creates (or resets the password of) <paramref name="system"/>'s account and returns its AMQP connection string.</summary>
    public static async Task<string> CreateAsync(Uri managementUrl, string adminUser, string adminPassword, string amqpHost, int amqpPort,
        string virtualHost, string system,
        CancellationToken cancellationToken = default)
    {
        if (!IsValidSystemName(system))
        {
            throw new ArgumentException(
                "A system name is 2–40 lower-case letters, digits or dashes, starting with a letter (e.g. hr-system).", nameof(system));
        }

        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        using var http = new HttpClient { BaseAddress = managementUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{adminUser}:{adminPassword}")));
        var user = Uri.EscapeDataString(system);
        var vhost = Uri.EscapeDataString(virtualHost);
        (await http.PutAsJsonAsync($"api/users/{user}", new { password, tags = "" }, cancellationToken)).EnsureSuccessStatusCode();
        var (configure, write, read) = PermissionsFor(system);
        (await http.PutAsJsonAsync($"api/permissions/{vhost}/{user}", new { configure, write, read }, cancellationToken)).EnsureSuccessStatusCode();
        return $"amqp://{user}:{password}@{amqpHost}:{amqpPort}/{(virtualHost == "/" ? "" : vhost)}";
    }
}
