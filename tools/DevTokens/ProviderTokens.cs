using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Nacka.DevTokens;

/// <summary>
/// Tokens from an OpenID Connect provider's token endpoint for a machine client (client
/// credentials) — how the demo loader, <c>./build.sh token</c>, the bench and the end-to-end tests
/// get theirs, like any other system that writes to the register.
/// </summary>
public static class ProviderTokens
{
    /// <summary>The secret of a local machine client, kept by the AppHost in <c>.local/identity/clients/{clientId}.secret</c>.</summary>
    public static string SecretFile(string dataDirectory, string clientId) => Path.Combine(dataDirectory, "identity", "clients", clientId + ".secret");

    /// <param name="roles">
    /// For the local <c>nacka-cli</c> client only: which of its roles the token holds (space-separated)
    /// and <paramref name="name"/> whom it is for; other clients get the roles and name registered for them.
    /// </param>
    public static async Task<string> GetAsync(Uri authority, string clientId, string clientSecret, string? roles = null, string? name = null,
        CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = authority, Timeout = TimeSpan.FromSeconds(30) };
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = clientSecret, ["scope"] = "api",
        };
        if (roles is not null)
        {
            form["role"] = roles;
        }

        if (name is not null)
        {
            form["name"] = name;
        }

        // The provider may still be starting: a few tries, a second apart.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await http.PostAsync("connect/token", new FormUrlEncodedContent(form), cancellationToken);
                var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
                if (response.IsSuccessStatusCode && body?["access_token"]?.GetValue<string>() is { } token)
                {
                    return token;
                }

                throw new InvalidOperationException(
                    $"The identity provider refused {clientId}: {(int)response.StatusCode} {body?["error_description"] ?? body?["error"]}");
            }
            catch (HttpRequestException) when (attempt < 30)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }
}
