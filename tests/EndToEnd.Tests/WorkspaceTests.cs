using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Nacka.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Nacka.EndToEnd.Tests;

/// <summary>
/// The workspace (<c>portal/</c>) in headless Chromium against the running system: a registrar
/// signs in at the identity provider's Swedish page with a demo user's password, registers a unit
/// from a form and renames it; a double click registers once; a save over someone else's change is
/// told about it and overwrites nothing; no page the browser receives holds an access token.
/// </summary>
[Collection(nameof(RunningSystemCollection))]
public sealed class WorkspaceTests(RunningSystem system) : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private HeadlessChromium _chromium = null!;
    private readonly List<string> _bodies = [];

    private Uri Portal => system.App.GetEndpoint("portal", "http");

    public async ValueTask InitializeAsync()
    {
        SetDefaultExpectTimeout(20_000);
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    [Fact]
    public async Task A_registrar_signs_in_registers_a_unit_found_by_search_and_a_double_click_registers_it_once()
    {
        var page = await SignedInAsync("registrar");
        var name = $"Arbetsytans förskola {Guid.NewGuid():N}"[..32];

        await page.GotoAsync("/enheter/ny");
        await FillNewUnitFormAsync(page, name);
        await Accessibility.NoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera" }).DblClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Enheten är registrerad");
        var found = (await system.GetAsync($"/api/units?q={Uri.EscapeDataString(name)}&status=all", Ct))["items"]!.AsArray();
        Assert.Single(found);
        Assert.Equal("Registrator (demo)", await RecordedByAsync(found[0]!["id"]!.GetValue<Guid>()));
        Assert.DoesNotContain(_bodies, body => body.Contains("eyJhbGci", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_save_after_someone_elses_is_told_about_it_and_overwrites_nothing()
    {
        var unit = system.DemoUnit("Orminge skola");
        var first = await SignedInAsync("registrar");
        var second = await SignedInAsync("registrar");
        await first.GotoAsync($"/enheter/{unit}/byt-namn");
        var shown = await second.GotoAsync($"/enheter/{unit}/byt-namn");
        // Seen once in a full run: the second session's form was missing when it came to save; say what the page was instead.
        Assert.True(shown!.Ok && await second.GetByLabel("Nytt namn").CountAsync() == 1, $"{(int)shown.Status}: {await second.InnerTextAsync("body")}");

        await first.GetByLabel("Nytt namn").FillAsync("Orminge skola F-9");
        await first.GetByLabel("Skäl").FillAsync("Beslut");
        await first.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Status)).ToContainTextAsync("Namnet är ändrat");

        await second.GetByLabel("Nytt namn").FillAsync("Orminge grundskola");
        await second.GetByLabel("Skäl").FillAsync("Annat beslut");
        await second.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Expect(second.GetByRole(AriaRole.Alert)).ToContainTextAsync("Någon annan har ändrat posten");
        await Expect(second.Locator("h1")).ToHaveTextAsync("Orminge skola F-9");
        await Expect(second.GetByLabel("Nytt namn")).ToHaveValueAsync("Orminge grundskola"); // what the user typed is kept

        Assert.Equal("Orminge skola F-9", (await system.GetAsync($"/api/units/{unit}", Ct))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_KS_secretariat_grants_a_mandate_the_unit_page_shows_the_manager_and_a_registrar_is_neither_offered_nor_allowed_the_form()
    {
        var unit = system.DemoUnit("Boo gårds skola");
        var secretariat = await SignedInAsync("ks-secretariat");
        await secretariat.GotoAsync($"/enheter/{unit}");
        await secretariat.GetByRole(AriaRole.Link, new() { Name = "Bevilja chefsuppdrag" }).ClickAsync();
        await secretariat.GetByLabel("Chefens namn").FillAsync("Maja Ek");
        await secretariat.GetByLabel("Paragraf (§)").FillAsync("§ 12");
        await secretariat.GetByLabel("Diarienummer").FillAsync("KFKS 2026/99");
        await Accessibility.NoSeriousViolationsAsync(secretariat);
        await secretariat.GetByRole(AriaRole.Button, new() { Name = "Bevilja" }).ClickAsync();
        await secretariat.WaitForLoadStateAsync();
        Assert.True(await secretariat.GetByRole(AriaRole.Alert).CountAsync() == 0, await secretariat.Locator("main").InnerTextAsync());
        await Expect(secretariat.GetByRole(AriaRole.Status)).ToContainTextAsync("Chefsuppdraget är beviljat");
        // The manager reaches the unit through Mandates' event to Units.
        await Eventually.HoldsAsync(async () =>
        {
            await secretariat.GotoAsync($"/enheter/{unit}", new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 10_000 });
            return (await secretariat.Locator("#chef").TextContentAsync())?.Contains("Maja Ek", StringComparison.Ordinal) == true;
        }, TimeSpan.FromSeconds(60));

        var registrar = await SignedInAsync("registrar");
        await registrar.GotoAsync($"/enheter/{unit}");
        await Expect(registrar.GetByRole(AriaRole.Link, new() { Name = "Byt namn" })).ToBeVisibleAsync();
        Assert.Equal(0, await registrar.GetByRole(AriaRole.Link, new() { Name = "Bevilja chefsuppdrag" }).CountAsync());
        await registrar.GotoAsync($"/mandat/nytt?enhet={unit}");
        await Expect(registrar.Locator("h1")).ToHaveTextAsync("Ingen behörighet");

        // A crafted post of the form with the registrar's session (and a valid anti-forgery token) is refused, and grants nothing.
        await registrar.GotoAsync("/enheter/ny");
        var antiforgery = await registrar.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var form = registrar.APIRequest.CreateFormData();
        form.Set("_handler", "bevilja-uppdrag");
        form.Set("__RequestVerificationToken", antiforgery!);
        form.Set("Form.UnitId", unit.ToString());
        form.Set("Form.HolderName", "Obehörig Person");
        form.Set("Form.Title", "Rektor");
        var crafted = await registrar.APIRequest.PostAsync("/mandat/nytt", new() { Form = form, MaxRedirects = 0 });
        Assert.True(crafted.Status is 302 or 403, $"{crafted.Status}");
        Assert.Equal("Maja Ek", (await system.GetAsync($"/api/mandates/current?unitId={unit}", Ct))["holder"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_and_SameSite_a_cross_site_post_is_refused_and_after_sign_out_nothing_can_be_written()
    {
        var page = await SignedInAsync("registrar");
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "nacka-portal");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);

        // A form posted from another site carries the cookie but not this page's anti-forgery token: refused, nothing registered.
        var name = $"Förfalskad enhet {Guid.NewGuid():N}"[..30];
        var crossSite = page.APIRequest.CreateFormData();
        crossSite.Set("_handler", "registrera-enhet");
        crossSite.Set("Form.Name", name);
        crossSite.Set("Form.Kind", "forskola");
        var forged = await page.APIRequest.PostAsync("/enheter/ny",
            new() { Form = crossSite, MaxRedirects = 0, Headers = new Dictionary<string, string> { ["Origin"] = "http://evil.example" } });
        Assert.Equal(400, forged.Status);
        Assert.Equal(0, (await system.GetAsync($"/api/units?q={Uri.EscapeDataString(name)}&status=all", Ct))["totalCount"]!.GetValue<int>());
        // Nor can another site sign the user out.
        var signOutForm = page.APIRequest.CreateFormData();
        signOutForm.Set("tillbaka", "/");
        var forgedSignOut = await page.APIRequest.PostAsync("/logga-ut", new() { Form = signOutForm, MaxRedirects = 0 });
        Assert.Equal(400, forgedSignOut.Status);
        Assert.Contains(await page.Context.CookiesAsync(), c => c.Name == "nacka-portal");

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
        await Expect(page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Logga in" })).ToBeVisibleAsync();
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "nacka-portal");
        // Signed out here and at the provider: the form's address asks for the password again.
        await page.GotoAsync("/enheter/ny");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Logga in");
    }

    [Fact]
    public async Task A_form_offers_every_unit_to_choose_from_not_only_the_first_page_of_the_list()
    {
        var director = (await system.Gateway.GetFromJsonAsync<JsonArray>("/api/directors", Ct))!.First()!["id"]!.GetValue<Guid>();
        var prefix = $"Plock {Guid.NewGuid():N}"[..12];
        // Planned (from 2099), so no work list of today's units grows: more units than one page of the form's list (200) holds.
        await Parallel.ForEachAsync(Enumerable.Range(0, 201), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct },
            async (i, ct) =>
            {
                using var created = await system.Gateway.SendAsync(await system.AuthorisedAsync(HttpMethod.Post, "/api/units", new
                {
                    name = $"{prefix} {i:000}", kind = "forskola", managerTitle = "Enhetschef", directorPostId = director,
                    establishedOn = "2099-08-01", reason = "Test",
                }), ct);
                Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(ct));
            });
        var total = (await system.GetAsync("/api/units?status=all&pageSize=1", Ct))["totalCount"]!.GetValue<int>();

        var page = await SignedInAsync("registrar");
        await page.GotoAsync("/andra/uppdrag-nytt");
        // Every unit, and "Välj…" before them.
        var options = page.GetByLabel("Enhet", new() { Exact = true }).Locator("option");

        await Expect(options).ToHaveCountAsync(total + 1);
        await Expect(page.GetByLabel("Enhet", new() { Exact = true }).Locator("option", new() { HasTextString = $"{prefix} 200" }))
            .ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Att_gora_lists_a_unit_without_a_manager_and_links_to_the_form_that_resolves_it()
    {
        var director = (await system.Gateway.GetFromJsonAsync<JsonArray>("/api/directors", Ct))!.First(d =>
            d!["vacant"]!.GetValue<bool>() == false)!["id"]!.GetValue<Guid>();
        var name = $"Chefslösa enheten {Guid.NewGuid():N}"[..30];
        using (var created = await system.Gateway.SendAsync(await system.AuthorisedAsync(HttpMethod.Post, "/api/units",
            new { name, kind = "forskola", managerTitle = "Enhetschef", directorPostId = director, reason = "Test" }), Ct))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        }

        var page = await SignedInAsync("ks-secretariat");
        await page.GetByRole(AriaRole.Link, new() { Name = "Att göra" }).ClickAsync();
        var row = page.Locator("#utan-chef li", new() { HasTextString = name });
        await Expect(row).ToBeVisibleAsync();
        await Accessibility.NoSeriousViolationsAsync(page);
        await row.GetByRole(AriaRole.Link, new() { Name = "Bevilja chefsuppdrag" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Bevilja chefsuppdrag");
        await Expect(page.Locator("main")).ToContainTextAsync(name);
    }

    [Fact]
    public async Task A_registrar_creates_and_fills_a_director_post_and_dissolves_a_unit_on_a_decision_from_the_forms()
    {
        var page = await SignedInAsync("registrar");
        var title = $"Kulturdirektör {Guid.NewGuid():N}"[..26];
        await page.GotoAsync("/direktorer/ny");
        await page.GetByLabel("Titel").FillAsync(title);
        await page.GetByLabel("Skäl").FillAsync("Ny post");
        await Accessibility.NoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inrätta" }).ClickAsync();
        var row = page.Locator("#poster li", new() { HasTextString = title });
        await Expect(row).ToContainTextAsync("vakant");
        await row.GetByRole(AriaRole.Link, new() { Name = "Tillsätt" }).ClickAsync();
        await page.GetByLabel("Namn").FillAsync("Eva Berg");
        await page.GetByLabel("Skäl").FillAsync("Anställd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tillsätt" }).ClickAsync();
        await Expect(page.Locator("#poster li", new() { HasTextString = title })).ToContainTextAsync("Eva Berg");

        var director = (await system.Gateway.GetFromJsonAsync<JsonArray>("/api/directors", Ct))!.Single(d =>
            d!["title"]!.GetValue<string>() == title)!["id"]!.GetValue<Guid>();
        var name = $"Avvecklade enheten {Guid.NewGuid():N}"[..30];
        using var created = await system.Gateway.SendAsync(await system.AuthorisedAsync(HttpMethod.Post, "/api/units",
            new { name, kind = "forskola", managerTitle = "Enhetschef", directorPostId = director, reason = "Test" }), Ct);
        var unit = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<Guid>();

        await page.GotoAsync($"/enheter/{unit}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Avveckla" }).ClickAsync();
        await page.GetByLabel("Avvecklas från").FillAsync("2099-01-01");
        await page.GetByLabel("Skäl").FillAsync("Verksamheten flyttar");
        await page.GetByLabel("Beslutande organ").FillAsync("Utbildningsnämnden");
        await page.GetByLabel("Beslutsdatum").FillAsync(DateTime.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Paragraf (§)").FillAsync("§ 45");
        await page.GetByRole(AriaRole.Button, new() { Name = "Avveckla" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Avvecklingen är registrerad");

        var history = (await system.Gateway.GetFromJsonAsync<JsonArray>($"/api/units/{unit}/history", Ct))!;
        var dissolution = history.Last()!;
        Assert.Equal(("dissolved", "2099-01-01", "Utbildningsnämnden", "§ 45"),
            (dissolution["change"]!.GetValue<string>(), dissolution["validFrom"]!.GetValue<string>(),
            dissolution["decision"]!["body"]!.GetValue<string>(), dissolution["decision"]!["paragraph"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Through_the_generic_forms_a_registrar_establishes_a_committee_issues_an_assignment_and_records_its_briefing_with_errors_at_their_fields()
    {
        var page = await SignedInAsync("registrar");
        var name = $"Provnämnden {Guid.NewGuid():N}"[..24];
        await page.GotoAsync("/andra/namnd-ny");
        await page.GetByLabel("Slag").SelectOptionAsync("Committee");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        // The service's 422 names the field; the page shows it there.
        await Expect(page.Locator("#name-fel")).Not.ToBeEmptyAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Rätta uppgifterna");

        await page.GetByLabel("Namn", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Länkdirektörer").SelectOptionAsync(new SelectOptionValue { Index = 0 });
        await page.GetByLabel("Skäl").FillAsync("Ny nämnd");
        await Accessibility.NoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Att göra" })).ToBeVisibleAsync();
        var committee = (await system.GetAsync($"/api/committees?q={Uri.EscapeDataString(name)}", Ct))["items"]!.AsArray().Single()!["id"]!.GetValue<Guid>();

        var title = $"Provuppdrag {Guid.NewGuid():N}"[..24];
        await page.GotoAsync("/andra/uppdrag-nytt");
        await page.GetByLabel("Nämnd").SelectOptionAsync(committee.ToString());
        await page.GetByLabel("Enhet", new() { Exact = true }).SelectOptionAsync(system.DemoUnit("Järla skola").ToString());
        await page.GetByLabel("Rubrik").FillAsync(title);
        // The responsible director must be one the nämnd links to: the one chosen above (first in both lists; "Välj…" leads this one).
        await page.GetByLabel("Ansvarig direktör").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Att göra" })).ToBeVisibleAsync();
        var assignment = (await system.GetAsync($"/api/assignments?committeeId={committee}", Ct))["items"]!.AsArray().Single()!;
        Assert.Equal(title, assignment["title"]!.GetValue<string>());

        await page.GotoAsync("/andringar");
        var briefing = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Registrera genomgång" }) });
        await briefing.GetByLabel("Välj").SelectOptionAsync(assignment["id"]!.GetValue<string>());
        await briefing.GetByRole(AriaRole.Button, new() { Name = "Öppna formuläret" }).ClickAsync();
        await page.GetByLabel("Anteckning").FillAsync("Genomgånget på ledningsmöte");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Att göra" })).ToBeVisibleAsync();
        Assert.Equal("Genomgånget på ledningsmöte",
            (await system.GetAsync($"/api/assignments/{assignment["id"]}", Ct))["briefing"]!["note"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_unit_page_shows_the_unit_as_it_was_on_any_date_and_each_change_with_its_decision()
    {
        var director = (await system.GetAsync($"/api/units/{system.DemoUnit("Järla skola")}", Ct))["reportsTo"]!["directorPostId"]!.GetValue<Guid>();
        var name = $"Daterade enheten {Guid.NewGuid():N}"[..28];
        using var created = await system.Gateway.SendAsync(await system.AuthorisedAsync(HttpMethod.Post, "/api/units",
            new { name, kind = "forskola", managerTitle = "Enhetschef", directorPostId = director, establishedOn = "2020-01-01", reason = "Test" }), Ct);
        var unit = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<Guid>();
        // A rename decided now for a date ahead.
        using (var renamed = await system.Gateway.SendAsync(await system.AuthorisedAsync(HttpMethod.Post, $"/api/units/{unit}/rename", new
               {
                   name = name + " F-9", validFrom = "2099-01-01",
                   decision = new { body = "Utbildningsnämnden", date = "2026-11-20", paragraph = "§ 77", caseNumber = "UBN 2026/77" },
               }), Ct))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, renamed.StatusCode);
        }

        var page = await SignedInAsync("registrar");
        await page.GotoAsync($"/enheter/{unit}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        await Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "renamed" }))
            .ToContainTextAsync("Utbildningsnämnden, 2026-11-20, § 77, UBN 2026/77");

        await page.GetByLabel("Visa enheten som den var den").FillAsync("2099-02-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name + " F-9");
        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("2099-02-01");

        // Junk in the address is not a date: the unit as it is today, never an error page.
        Assert.Equal(200, (await page.GotoAsync($"/enheter/{unit}?dag=ig%C3%A5r"))!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
    }

    [Fact]
    public async Task A_unit_is_split_from_its_page_into_new_units_named_one_per_line_and_a_split_into_one_is_told_at_the_field()
    {
        var director = (await system.GetAsync($"/api/units/{system.DemoUnit("Järla skola")}", Ct))["reportsTo"]!["directorPostId"]!.GetValue<Guid>();
        var name = $"Delade enheten {Guid.NewGuid():N}"[..28];
        using var created = await system.Gateway.SendAsync(await system.AuthorisedAsync(HttpMethod.Post, "/api/units",
            new { name, kind = "forskola", managerTitle = "Enhetschef", directorPostId = director, establishedOn = "2020-01-01", reason = "Test" }), Ct);
        var unit = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<Guid>();
        var page = await SignedInAsync("registrar");
        await page.GotoAsync($"/enheter/{unit}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dela" }).ClickAsync();

        var field = page.GetByLabel("Nya enheter", new() { Exact = false });
        await field.FillAsync($"{name} Norr");
        await page.GetByLabel("Skäl").FillAsync("Delas i två");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Expect(page.Locator("#successors-fel")).Not.ToBeEmptyAsync(); // a split creates at least two units: said at the field
        await Expect(field).ToHaveValueAsync($"{name} Norr");

        await field.FillAsync($"{name} Norr\n{name} Syd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Ändringen är sparad");

        var split = await system.GetAsync($"/api/units/{unit}?status=all", Ct);
        Assert.Equal("dissolved", split["status"]!.GetValue<string>());
        var successors = await Task.WhenAll(split["successorIds"]!.AsArray().Select(id => system.GetAsync($"/api/units/{id}", Ct)));
        Assert.Equal([($"{name} Norr", "forskola", director), ($"{name} Syd", "forskola", director)],
            successors.Select(u => (u["name"]!.GetValue<string>(), u["kind"]!.GetValue<string>(),
                u["reportsTo"]!["directorPostId"]!.GetValue<Guid>())).Order());
    }

    [Fact]
    public async Task Changing_one_detail_keeps_the_identifiers_address_and_contact_the_form_showed_and_an_identifier_can_be_added()
    {
        var unit = system.DemoUnit("Fisksätra skola");
        var page = await SignedInAsync("registrar");
        await page.GotoAsync($"/enheter/{unit}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Ändra uppgifter" }).ClickAsync();
        await Expect(page.GetByLabel("Besöksadress")).ToHaveValueAsync("Fisksätra torg 5");
        await page.GetByLabel("Kortnamn").FillAsync("Fisksätra");
        var identifiers = page.GetByLabel("Identifierare", new() { Exact = false });
        await identifiers.FillAsync(await identifiers.InputValueAsync() + "\nkostnadsstalle: 4711");
        await Accessibility.NoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Ändringen är sparad");

        var read = await system.GetAsync($"/api/units/{unit}", Ct);
        Assert.Equal("Fisksätra", read["shortName"]!.GetValue<string>());
        Assert.Equal("Fisksätra torg 5", read["visitingAddress"]!["street"]!.GetValue<string>());
        Assert.Equal("info@nacka.se", read["contact"]!["email"]!.GetValue<string>());
        Assert.Equal(["skolenhetskod:23415513", "kostnadsstalle:4711"],
            read["identifiers"]!.AsArray().Select(i => $"{i!["scheme"]}:{i["value"]}"));
    }

    /// <summary>
    /// A registrar's order: a rename decided now for a date ahead, then a correction dated today from the same page, then a detail.
    /// Once a change is scheduled the record's latest version (its ETag) is ahead of the one in effect today (the body's
    /// <c>version</c>); the forms sent the body's as <c>If-Match</c>, so every save after a scheduled change was refused as someone
    /// else's change until that day came (found from outside on 2026-12-04).
    /// </summary>
    [Fact]
    public async Task After_a_rename_scheduled_ahead_a_correction_dated_today_and_a_detail_are_saved_from_the_forms_each_on_its_day()
    {
        var page = await SignedInAsync("registrar");
        var name = $"Omorganiserad förskola {Guid.NewGuid():N}"[..32];
        await page.GotoAsync("/enheter/ny");
        await FillNewUnitFormAsync(page, name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Enheten är registrerad");
        var unit = (await system.GetAsync($"/api/units?q={Uri.EscapeDataString(name)}&status=all", Ct))["items"]![0]!["id"]!.GetValue<Guid>();
        var today = NackaDay.Today;
        var ahead = today.AddDays(40);

        await page.GotoAsync($"/enheter/{unit}/byt-namn");
        await RenameAsync($"{name} (ny)", ahead);
        await RenameAsync($"{name} (rättad)", today); // the same page, after the save above
        await page.GotoAsync($"/andra/enhet-uppgifter/{unit}");
        await page.GetByLabel("Kortnamn").FillAsync("Omorganiserad");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Ändringen är sparad");

        var now = await system.GetAsync($"/api/units/{unit}", Ct);
        Assert.Equal(($"{name} (rättad)", "Omorganiserad"), (now["name"]!.GetValue<string>(), now["shortName"]!.GetValue<string>()));
        var then = await system.GetAsync($"/api/units/{unit}?asOf={ahead:yyyy-MM-dd}", Ct);
        Assert.Equal(($"{name} (ny)", "Omorganiserad"), (then["name"]!.GetValue<string>(), then["shortName"]!.GetValue<string>()));

        async Task RenameAsync(string newName, DateOnly from)
        {
            await page.GetByLabel("Nytt namn").FillAsync(newName);
            await page.GetByLabel("Gäller från").FillAsync(from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await page.GetByLabel("Skäl").FillAsync("Omorganisation");
            await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Namnet är ändrat");
        }
    }

    [Fact]
    public async Task A_form_that_starts_from_its_record_opens_every_time()
    {
        // The rename form loads the unit, then its history, and made its model after both: a parent rendering again between them
        // rendered the form without one, a 500 for about one opening in a hundred (1 of 100 and 1 of 200 from outside, 0 of 800
        // after). A race, so many openings: with the old page this test failed in most runs, not every one.
        var unit = system.DemoUnit("Sickla skola");
        var page = await SignedInAsync("registrar");
        var statuses = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            var seen = new List<int>();
            for (var i = 0; i < 50; i++)
            {
                seen.Add((await page.APIRequest.GetAsync($"/enheter/{unit}/byt-namn")).Status);
            }

            return seen;
        }));
        Assert.All(statuses.SelectMany(s => s), status => Assert.Equal(200, status));
    }

    [Fact]
    public async Task A_unit_is_renamed_by_keyboard_alone()
    {
        var unit = system.DemoUnit("Nacka gymnasium");
        var page = await SignedInAsync("registrar");
        await page.GotoAsync($"/enheter/{unit}/byt-namn");

        // From the top of the page: Tab to the name field, type, Tab through the date to the reason, type, Enter submits.
        await page.Keyboard.PressAsync("Tab");
        for (var i = 0; i < 10 && await page.EvaluateAsync<string>("document.activeElement?.id ?? ''") != "name"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("name", await page.EvaluateAsync<string>("document.activeElement?.id ?? ''"));
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("Nacka gymnasium och vuxenutbildning");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("validFrom", await page.EvaluateAsync<string>("document.activeElement?.id ?? ''"));
        // A date field's day, month and year are stops of their own in Chromium: Tab past them, leaving today.
        for (var i = 0; i < 4 && await page.EvaluateAsync<string>("document.activeElement?.id ?? ''") != "reason"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("reason", await page.EvaluateAsync<string>("document.activeElement?.id ?? ''"));
        await page.Keyboard.TypeAsync("Beslut i KS");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Namnet är ändrat");
        Assert.Equal("Nacka gymnasium och vuxenutbildning", (await system.GetAsync($"/api/units/{unit}", Ct))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_signing_in_no_form_is_offered_and_a_form_page_sends_the_reader_to_sign_in()
    {
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Logga in" })).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Registrera en enhet" }).CountAsync());

        await page.GotoAsync("/enheter/ny");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Logga in"); // the provider's page
        Assert.StartsWith(system.App.GetEndpoint("identity", "http").ToString().TrimEnd('/'), page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_access_token_running_out_is_renewed_with_the_refresh_token_and_the_next_save_goes_through()
    {
        // The running system's people's access tokens live 70 s (RunningSystem), so the workspace renews them 10 s in.
        var page = await SignedInAsync("registrar");
        async Task<string> SessionAsync() => string.Concat((await page.Context.CookiesAsync())
            .Where(c => c.Name.StartsWith("nacka-portal", StringComparison.Ordinal))
            .OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => c.Value));
        var before = await SessionAsync();
        await Task.Delay(TimeSpan.FromSeconds(15), Ct);

        var name = $"Förnyad förskola {Guid.NewGuid():N}"[..30];
        await page.GotoAsync("/enheter/ny");
        Assert.NotEqual(before, await SessionAsync()); // the session now holds the renewed token
        await FillNewUnitFormAsync(page, name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Enheten är registrerad");
        Assert.Equal(1, (await system.GetAsync($"/api/units?q={Uri.EscapeDataString(name)}&status=all", Ct))["totalCount"]!.GetValue<int>());
    }

    /// <summary>
    /// The sign-in running out while a form is open: the person's sessions ended at the provider (their refresh tokens
    /// revoked, as an administrator ending them does), so the portal cannot renew the access token, and once that has run
    /// out the save is refused — the form says the sign-in has run out, what was typed stays, and nothing was saved.
    /// </summary>
    [Fact]
    public async Task A_save_after_the_sign_in_has_run_out_says_so_keeps_what_was_typed_and_saves_nothing()
    {
        var page = await SignedInAsync("registrar");
        var signedIn = DateTime.UtcNow;
        var name = $"Utgången förskola {Guid.NewGuid():N}"[..30];
        await page.GotoAsync("/enheter/ny");
        await FillNewUnitFormAsync(page, name);

        await EndSessionsAtTheProviderAsync(system.DemoUser("registrar").UserName);
        // The access token lives 70 s and is accepted 5 s past its end (RunningSystem).
        var over = signedIn + TimeSpan.FromSeconds(80) - DateTime.UtcNow;
        if (over > TimeSpan.Zero)
        {
            await Task.Delay(over, Ct);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Din inloggning har gått ut");
        await Expect(page.GetByLabel("Namn", new() { Exact = true })).ToHaveValueAsync(name);
        await Expect(page.GetByLabel("Skäl")).ToHaveValueAsync("Ny förskola");
        Assert.Equal(0, (await system.GetAsync($"/api/units?q={Uri.EscapeDataString(name)}&status=all", Ct))["totalCount"]!.GetValue<int>());
    }

    /// <summary>Revokes every refresh token and authorization the provider holds for <paramref name="userName"/>.</summary>
    private async Task EndSessionsAtTheProviderAsync(string userName)
    {
        await using var connection = new Npgsql.NpgsqlConnection(await system.App.GetConnectionStringAsync("identitydb", Ct));
        await connection.OpenAsync(Ct);
        await using var revoke = new Npgsql.NpgsqlCommand("""
            WITH person AS (SELECT "Id" FROM identity."AspNetUsers" WHERE "UserName" = @user)
            , tokens AS (UPDATE identity."OpenIddictTokens" SET "Status" = 'revoked' WHERE "Subject" IN (SELECT "Id" FROM person) RETURNING 1)
            UPDATE identity."OpenIddictAuthorizations" SET "Status" = 'revoked' WHERE "Subject" IN (SELECT "Id" FROM person)
            """, connection);
        revoke.Parameters.AddWithValue("user", userName);
        await revoke.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task A_record_or_change_that_does_not_exist_answers_404_with_a_Swedish_page()
    {
        var page = await SignedInAsync("registrar");
        foreach (var (path, heading) in new[]
                 {
                     ($"/enheter/{Guid.NewGuid()}", "Enheten finns inte"),
                     ($"/enheter/{Guid.NewGuid()}/byt-namn", "Enheten finns inte"),
                     ("/andra/ingen-sadan-andring", "Det finns ingen sådan ändring"),
                     ($"/andra/process-uppgifter/{Guid.NewGuid()}", "Posten finns inte"),
                     ("/enheter/inte-ett-id", "Sidan finns inte"),
                     ("/ingen/sadan/sida", "Sidan finns inte"),
                     ("/fel/404", "Sidan finns inte"),
                     ("/fel/200", "Sidan finns inte"),
                 })
        {
            var answer = await page.GotoAsync(path);
            Assert.Equal(404, answer!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        }

        // The error page asked for directly answers the status it describes, as when the status code pages re-execute it.
        Assert.Equal(400, (await page.GotoAsync("/fel/400"))!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Begäran kunde inte tas emot");

        // A form posted to an address no page has, without its anti-forgery token: refused, never a 5xx.
        var posted = await page.APIRequest.PostAsync("/ingen/sadan/sida", new() { Form = page.APIRequest.CreateFormData().Set("namn", "x") });
        Assert.InRange(posted.Status, 400, 499);
    }

    private async Task<string> RecordedByAsync(Guid unit) =>
        (await system.Gateway.GetFromJsonAsync<JsonArray>($"/api/units/{unit}/history", Ct))![0]!["recordedBy"]!.GetValue<string>();

    private async Task<IBrowserContext> NewContextAsync()
    {
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Portal.ToString(), Locale = "sv-SE" });
        context.Response += async (_, response) =>
        {
            try
            {
                if (response.Headers.TryGetValue("content-type", out var type)
                    && (type.Contains("html", StringComparison.Ordinal) || type.Contains("json", StringComparison.Ordinal)))
                {
                    lock (_bodies)
                    {
                        _bodies.Add(response.Url);
                    }

                    var body = await response.TextAsync();
                    lock (_bodies)
                    {
                        _bodies.Add(body);
                    }
                }
            }
            catch (PlaywrightException)
            {
                // A redirect has no body.
            }
        };
        return context;
    }

    /// <summary>A browser signed in at the provider as the demo user of <paramref name="role"/>, on the workspace's start page.</summary>
    [Fact]
    public async Task A_process_and_a_committee_page_offer_a_registrar_their_changes_and_nobody_else()
    {
        var hits = (await system.GetAsync("/api/org/search?q=utbildning&pageSize=50", Ct))["items"]!.AsArray();
        Guid Of(string kind) => hits.First(hit => hit!["kind"]!.GetValue<string>() == kind)!["id"]!.GetValue<Guid>();
        var (process, committee) = (Of("process"), Of("committee"));

        var registrar = await SignedInAsync("registrar");
        await registrar.GotoAsync($"/namnder/{committee}");
        await Expect(registrar.Locator("nav.andringar")).ToContainTextAsync("Byt länkdirektörer");
        await registrar.GotoAsync($"/processer/{process}");
        await registrar.GetByRole(AriaRole.Link, new() { Name = "Ändra processens uppgifter" }).ClickAsync();
        await Expect(registrar.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ändra processens uppgifter");
        await Expect(registrar.GetByLabel("Namn", new() { Exact = true })).ToHaveValueAsync("Utbildningsprocessen");

        var secretariat = await SignedInAsync("ks-secretariat");
        await secretariat.GotoAsync($"/processer/{process}");
        await Expect(secretariat.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Utbildningsprocessen");
        Assert.Equal(0, await secretariat.Locator("nav.andringar").CountAsync());
        var reader = await (await NewContextAsync()).NewPageAsync();
        await reader.GotoAsync($"/processer/{process}");
        await Expect(reader.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Utbildningsprocessen");
        Assert.Equal(0, await reader.Locator("nav.andringar").CountAsync());
    }

    /// <summary>
    /// Every form each role is offered — each operation on "Ändringar" opened on its first record, and the hand-written
    /// forms — checked by axe-core: no serious or critical violation anywhere, all named at once.
    /// </summary>
    [Fact]
    public async Task Every_form_of_every_role_has_no_serious_or_critical_accessibility_violation()
    {
        var unit = system.DemoUnit("Sickla skola");
        var director = (await system.GetAsync($"/api/units/{unit}", Ct))["reportsTo"]!["directorPostId"]!.GetValue<Guid>();
        var failures = new List<string>();
        var checkedForms = 0;
        foreach (var (role, ownForms) in new[]
        {
            ("registrar", new[] { "/enheter/ny", $"/enheter/{unit}/byt-namn", $"/enheter/{unit}/avveckla", "/direktorer/ny",
                $"/direktorer/{director}/tillsatt" }),
            ("ks-secretariat", new[] { $"/mandat/nytt?enhet={unit}" }),
        })
        {
            var page = await SignedInAsync(role);
            await page.GotoAsync("/andringar");
            var forms = new List<string>(ownForms);
            foreach (var section in await page.Locator("main section").AllAsync())
            {
                if (await section.Locator("select").CountAsync() > 0)
                {
                    var action = (await section.Locator("form").GetAttributeAsync("action"))!;
                    var first = await section.Locator("select option").CountAsync() > 0 ? await section.Locator("select option")
                        .First.GetAttributeAsync("value") : null;
                    forms.Add(first is null ? action : $"{action}?post={first}");
                }
                else
                {
                    forms.Add((await section.Locator("a").First.GetAttributeAsync("href"))!);
                }
            }

            foreach (var form in forms)
            {
                var answer = await page.GotoAsync(form);
                if (answer!.Status != 200)
                {
                    failures.Add($"{role} {form}: {answer.Status}");
                    continue;
                }

                checkedForms++;
                try
                {
                    await Accessibility.NoSeriousViolationsAsync(page);
                }
                catch (Exception e) when (e is Xunit.Sdk.XunitException)
                {
                    failures.Add($"{role} {form}: {e.Message}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedForms >= 28, $"only {checkedForms} forms were checked");
    }

    private async Task<IPage> SignedInAsync(string role) => await system.SignedInPageAsync(await NewContextAsync(), role);

    public async ValueTask DisposeAsync() => await _chromium.DisposeAsync();

    /// <summary>"Registrera en enhet" filled in for a new förskola under the first director, not yet sent.</summary>
    private static async Task FillNewUnitFormAsync(IPage page, string name)
    {
        await page.GetByLabel("Namn", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Slag").SelectOptionAsync("forskola");
        await page.GetByLabel("Rapporterar till (direktör)").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Skäl").FillAsync("Ny förskola");
    }
}
