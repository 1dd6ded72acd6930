using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Nacka.DevTokens;

namespace Nacka.Testing;

/// <summary>Bearer tokens for tests, signed with a key made for this test run and given to every host under test.</summary>
public static class TestTokens
{
    public const string Registrar = "registrar";
    public const string KsSecretariat = "ks-secretariat";

    public static string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static IWebHostBuilder UseTestTokenValidation(this IWebHostBuilder web) => web
        .UseSetting("Authentication:Jwt:Issuer", DevelopmentTokens.Issuer)
        .UseSetting("Authentication:Jwt:Audience", DevelopmentTokens.Audience)
        .UseSetting("Authentication:Jwt:SigningKey", SigningKey);

    public static string Create(string name, params string[] roles) => DevelopmentTokens.Create(SigningKey, name, roles);

    public static AuthenticationHeaderValue Bearer(string name, params string[] roles) => new("Bearer", Create(name, roles));

    /// <summary>Sends every request of <paramref name="client"/> as <paramref name="name"/> with <paramref name="roles"/>.</summary>
    public static HttpClient As(this HttpClient client, string name, params string[] roles)
    {
        client.DefaultRequestHeaders.Authorization = Bearer(name, roles);
        return client;
    }
}
