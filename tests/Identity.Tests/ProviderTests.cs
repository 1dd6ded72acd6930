using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Nacka.Testing;
using Xunit;

namespace Nacka.Identity.Tests;

/// <summary>The provider's flows, as the services, the portal and machine clients use them.</summary>
public sealed class ProviderTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_machine_client_gets_a_signed_token_for_the_API_with_its_roles_and_name()
    {
        await using var provider = Provider.Start(infrastructure);

        var response = await provider.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = Provider.MachineClient, ["client_secret"] = Provider.MachineSecret, ["scope"] = "api",
        });

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        var token = await provider.ValidateAsync(body["access_token"]!.GetValue<string>());
        Assert.Equal("RS256", token.Alg);
        Assert.Equal(("Ekonomisystemet", "registrar", Provider.MachineClient),
            (token.GetClaim("name").Value, token.GetClaim("roles").Value, token.Subject));
    }

    [Fact]
    public async Task A_wrong_client_secret_or_a_role_the_client_does_not_hold_gets_no_token()
    {
        await using var provider = Provider.Start(infrastructure);

        var wrongSecret = await provider.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = Provider.MachineClient, ["client_secret"] = "guess", ["scope"] = "api",
        });
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal("invalid_client", JsonNode.Parse(await wrongSecret.Content.ReadAsStringAsync(Ct))!["error"]!.GetValue<string>());

        // Only a client registered to let its caller pick roles (the local nacka-cli) may ask for one; this one's ask is ignored.
        var asked = await provider.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = Provider.MachineClient, ["client_secret"] = Provider.MachineSecret, ["scope"] = "api",
            ["role"] = "ks-secretariat", ["name"] = "Someone else",
        });
        var token = await provider.ValidateAsync(JsonNode.Parse(await asked.Content.ReadAsStringAsync(Ct))!["access_token"]!.GetValue<string>());
        Assert.Equal(("registrar", "Ekonomisystemet"), (token.GetClaim("roles").Value, token.GetClaim("name").Value));
    }

    [Fact]
    public async Task A_person_signs_in_on_the_Swedish_page_and_the_portal_gets_tokens_by_authorization_code_with_PKCE()
    {
        await using var provider = Provider.Start(infrastructure);
        var (userName, password) = provider.DemoUser("registrar");
        var browser = provider.Browser();
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = Provider.PortalClient, ["redirect_uri"] = Provider.PortalRedirect, ["response_type"] = "code",
            ["scope"] = "openid profile roles api", ["state"] = "s1", ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
        });

        // Not signed in: to the sign-in page, which is in Swedish and carries an anti-forgery token.
        var toSignIn = await browser.GetAsync(authorize, Ct);
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        var page = await browser.GetStringAsync(toSignIn.Headers.Location, Ct);
        Assert.Contains("<html lang=\"sv\">", page, StringComparison.Ordinal);
        Assert.Contains("Logga in", page, StringComparison.Ordinal);
        var returnUrl = QueryHelpers.ParseQuery(toSignIn.Headers.Location!.Query)["ReturnUrl"].ToString();

        var signedIn = await browser.PostAsync("/konto/logga-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Provider.AntiforgeryField(page).Key] = Provider.AntiforgeryField(page).Value, ["userName"] = userName, ["password"] = password,
                ["returnUrl"] = returnUrl,
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("nacka-identity=", StringComparison.Ordinal)
            && c.Contains("httponly", StringComparison.OrdinalIgnoreCase) && c.Contains("samesite=lax", StringComparison.OrdinalIgnoreCase));

        var toPortal = await browser.GetAsync(signedIn.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.Redirect, toPortal.StatusCode);
        Assert.StartsWith(Provider.PortalRedirect, toPortal.Headers.Location!.ToString(), StringComparison.Ordinal);
        var code = QueryHelpers.ParseQuery(toPortal.Headers.Location.Query)["code"].ToString();

        var tokens = await provider.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Provider.PortalRedirect, ["code_verifier"] = verifier,
            ["client_id"] = Provider.PortalClient, ["client_secret"] = Provider.PortalSecret,
        });
        var body = JsonNode.Parse(await tokens.Content.ReadAsStringAsync(Ct))!;
        Assert.True(tokens.IsSuccessStatusCode, body.ToJsonString());
        var access = await provider.ValidateAsync(body["access_token"]!.GetValue<string>());
        Assert.Equal(("Registrator (demo)", "registrar"), (access.GetClaim("name").Value, access.GetClaim("roles").Value));
        Assert.NotNull(body["id_token"]);

        // The same code twice, or without the verifier: refused.
        var replay = await provider.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Provider.PortalRedirect, ["code_verifier"] = verifier,
            ["client_id"] = Provider.PortalClient, ["client_secret"] = Provider.PortalSecret,
        });
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_repeated_failures_lock_the_account()
    {
        await using var provider = Provider.Start(infrastructure);
        var (userName, password) = provider.DemoUser("ks-secretariat");
        var browser = provider.Browser();

        async Task<HttpResponseMessage> TryAsync(string attempt)
        {
            var page = await browser.GetStringAsync("/konto/logga-in", Ct);
            var field = Provider.AntiforgeryField(page);
            return await browser.PostAsync("/konto/logga-in", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [field.Key] = field.Value, ["userName"] = userName, ["password"] = attempt,
            }), Ct);
        }

        var wrong = await TryAsync("fel-lösenord");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Fel användarnamn eller lösenord", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await TryAsync("fel-igen");
        var third = await TryAsync("och-igen");
        Assert.Equal((HttpStatusCode)423, third.StatusCode);

        // Locked: even the right password is refused now.
        var right = await TryAsync(password);
        Assert.Equal((HttpStatusCode)423, right.StatusCode);
        Assert.Contains("Kontot är låst", await right.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_form_posted_without_its_anti_forgery_token_is_refused()
    {
        await using var provider = Provider.Start(infrastructure);
        var (userName, password) = provider.DemoUser("registrar");

        var forged = await provider.Browser().PostAsync("/konto/logga-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName, ["password"] = password, ["returnUrl"] = "/konto/inloggad",
        }), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("anti-forgery", await forged.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(forged.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c =>
            c.StartsWith("nacka-identity=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Demo_users_are_created_once_for_each_role_with_passwords_only_the_owner_can_read()
    {
        await using var provider = Provider.Start(infrastructure);
        provider.DemoUser("admin");

        var lines = File.ReadAllLines(provider.DemoUsersFile).Where(l => !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();
        Assert.Equal(["admin", "ks-secretariat", "registrar"], lines.Select(l => l[1]).Order());
        Assert.All(lines, l => Assert.True(l[2].Length >= 20));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(provider.DemoUsersFile));
        Assert.All(Directory.GetFiles(Path.Combine(provider.Folder, "keys")), f =>
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
    }

    [Fact]
    public async Task An_administrator_locks_and_unlocks_a_user_and_sets_a_role_and_nobody_else_may()
    {
        await using var provider = Provider.Start(infrastructure);
        var (registrar, registrarPassword) = provider.DemoUser("registrar");
        var (admin, adminPassword) = provider.DemoUser("admin");

        var asRegistrar = provider.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(asRegistrar, registrar, registrarPassword)).StatusCode);
        var refused = await asRegistrar.GetAsync("/admin/anvandare", Ct);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/konto/ingen-behorighet", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var asAdmin = provider.Browser();
        await SignInAsync(asAdmin, admin, adminPassword);
        var page = await asAdmin.GetStringAsync("/admin/anvandare", Ct);
        Assert.Contains("Registrator (demo)", page, StringComparison.Ordinal);
        var userId = (await provider.QueryAsync(users => users.FindByNameAsync(registrar)))!.Id;
        Assert.Contains($"/admin/anvandare/{userId}/las\"", page, StringComparison.Ordinal);
        var field = Provider.AntiforgeryField(page);

        // Without the page's anti-forgery token: refused, nothing changes.
        Assert.Equal(HttpStatusCode.BadRequest, (await asAdmin.PostAsync($"/admin/anvandare/{userId}/las", new FormUrlEncodedContent([]), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(provider.Browser(), registrar, registrarPassword)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await asAdmin.PostAsync($"/admin/anvandare/{userId}/las", new FormUrlEncodedContent([field]), Ct)).StatusCode);
        Assert.Equal((HttpStatusCode)423, (await SignInAsync(provider.Browser(), registrar, registrarPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await asAdmin.PostAsync($"/admin/anvandare/{userId}/las-upp", new FormUrlEncodedContent([field]), Ct))
            .StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(provider.Browser(), registrar, registrarPassword)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await asAdmin.PostAsync($"/admin/anvandare/{userId}/roll",
            new FormUrlEncodedContent([field, KeyValuePair.Create("role", "ks-secretariat")]), Ct)).StatusCode);
        Assert.Equal(["ks-secretariat"], await provider.QueryAsync(async users =>
            (await users.GetRolesAsync((await users.FindByNameAsync(registrar))!)).ToList()));
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string userName, string password)
    {
        var page = await browser.GetStringAsync("/konto/logga-in", Ct);
        var field = Provider.AntiforgeryField(page);
        return await browser.PostAsync("/konto/logga-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [field.Key] = field.Value, ["userName"] = userName, ["password"] = password, ["returnUrl"] = "/konto/inloggad",
        }), Ct);
    }

    [Fact]
    public async Task User_add_creates_a_person_with_a_role_and_a_password_shown_once_that_signs_in()
    {
        await using var provider = Provider.Start(infrastructure);
        provider.DemoUser("admin"); // started: migrated, roles made
        var output = new StringWriter();

        var status = await Nacka.Identity.Account.UserCommand.RunAsync(["user", "add", "karin", "registrar", "Karin", "Lund"], output,
            new Dictionary<string, string?>
        {
            ["ConnectionStrings:identitydb"] = provider.Service.DatabaseConnectionString, ["Identity:KeysDirectory"] = Path.Combine(provider.Folder, "keys"),
        });

        Assert.Equal(0, status);
        var password = output.ToString().Split("(shown once): ")[1].Trim();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(provider.Browser(), "karin", password)).StatusCode);
        Assert.Equal(["registrar"], await provider.QueryAsync(async users => (await users.GetRolesAsync((await users.FindByNameAsync("karin"))!)).ToList()));
        Assert.Equal(1, await Nacka.Identity.Account.UserCommand.RunAsync(["user", "add", "karin", "registrar"], output, new Dictionary<string, string?>
        {
            ["ConnectionStrings:identitydb"] = provider.Service.DatabaseConnectionString, ["Identity:KeysDirectory"] = Path.Combine(provider.Folder, "keys"),
        }));
        Assert.Equal(2, await Nacka.Identity.Account.UserCommand.RunAsync(["user", "add", "someone", "superuser"], output));
    }
}
