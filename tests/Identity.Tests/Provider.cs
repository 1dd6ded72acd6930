using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nacka.Identity.Data;
using Nacka.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(TestInfrastructure))]

namespace Nacka.Identity.Tests;

/// <summary>
/// The identity service as it runs (its own Program, real PostgreSQL), with a machine client, the
/// portal as a sign-in client, keys and demo users in a folder of its own.
/// </summary>
public sealed partial class Provider : IAsyncDisposable
{
    public const string MachineClient = "machine";
    public const string MachineSecret = "machine-secret-0123456789";
    public const string PortalClient = "portal";
    public const string PortalSecret = "portal-secret-0123456789";
    public const string PortalRedirect = "http://portal.test/signin-oidc";

    private Provider(TestInfrastructure infrastructure, string folder)
    {
        Folder = folder;
        Service = new ServiceFactory<Program>(infrastructure, IdentityDb.ConnectionName, configure: web =>
        {
            web.UseSetting("Identity:KeysDirectory", Path.Combine(folder, "keys"));
            web.UseSetting("Identity:DemoUsers:File", DemoUsersFile);
            web.UseSetting($"Identity:Clients:{MachineClient}:Secret", MachineSecret);
            web.UseSetting($"Identity:Clients:{MachineClient}:DisplayName", "Ekonomisystemet");
            web.UseSetting($"Identity:Clients:{MachineClient}:Roles:0", "registrar");
            web.UseSetting($"Identity:Clients:{PortalClient}:Secret", PortalSecret);
            web.UseSetting($"Identity:Clients:{PortalClient}:RedirectUris:0", PortalRedirect);
            web.UseSetting("Identity:Lockout:MaxFailedAttempts", "3");
        });
    }

    public static Provider Start(TestInfrastructure infrastructure) => new(infrastructure, Directory.CreateTempSubdirectory("nacka-identity-").FullName);

    public string Folder { get; }

    public string DemoUsersFile => Path.Combine(Folder, "demo-users.txt");

    public ServiceFactory<Program> Service { get; }

    /// <summary>A browser: cookies kept, redirects not followed (each hop is checked).</summary>
    public HttpClient Browser() => Service.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The demo user of <paramref name="role"/> and the password written for it on first start.</summary>
    public (string UserName, string Password) DemoUser(string role)
    {
        _ = Service.Server; // the first start writes the file
        var line = File.ReadAllLines(DemoUsersFile).Single(l => !l.StartsWith('#') && l.Split('\t')[1] == role).Split('\t');
        return (line[0], line[2]);
    }

    /// <summary>Asks the provider's users directly (what the pages changed).</summary>
    public async Task<T> QueryAsync<T>(Func<Microsoft.AspNetCore.Identity.UserManager<RegisterUser>, Task<T>> query)
    {
        await using var scope = Service.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<RegisterUser>>());
    }

    public async Task<HttpResponseMessage> TokenAsync(IDictionary<string, string> form, HttpClient? client = null) =>
        await (client ?? Service.CreateClient()).PostAsync("/connect/token", new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);

    /// <summary>The claims of <paramref name="token"/> after validating it against the provider's published keys, issuer and the API audience.</summary>
    public async Task<JsonWebToken> ValidateAsync(string token, string audience = "urn:nacka:org:api")
    {
        var client = Service.CreateClient();
        var discovery = JsonNode.Parse(await client.GetStringAsync("/.well-known/openid-configuration", TestContext.Current.CancellationToken))!;
        var jwks = new JsonWebKeySet(await client.GetStringAsync(discovery["jwks_uri"]!.GetValue<string>(), TestContext.Current.CancellationToken));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = discovery["issuer"]!.GetValue<string>(),
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    /// <summary>The anti-forgery field of a form page.</summary>
    public static KeyValuePair<string, string> AntiforgeryField(string html)
    {
        var match = AntiforgeryInput().Match(html);
        Assert.True(match.Success, "The form carries no anti-forgery token.");
        return KeyValuePair.Create(WebUtility.HtmlDecode(match.Groups[1].Value), WebUtility.HtmlDecode(match.Groups[2].Value));
    }

    [GeneratedRegex("""<input type="hidden" name="([^"]*RequestVerificationToken[^"]*|__RequestVerificationToken)" value="([^"]+)">""")]
    private static partial Regex AntiforgeryInput();

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
