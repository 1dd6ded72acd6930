using System.Net;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Nacka.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Nacka.EndToEnd.Tests;

/// <summary>
/// The portal's read pages (the Blazor portal, reached from the gateway's address as people know it) in a real headless
/// Chromium against the running system: what a person in Nacka sees. A screenshot of each page is left in artifacts/portal
/// (or $NACKA_TEST_ARTIFACTS/portal).
/// </summary>
[Collection(nameof(RunningSystemCollection))]
public sealed class PortalTests(RunningSystem system) : IAsyncLifetime
{
    private HeadlessChromium _chromium = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    private Uri Portal => system.App.GetEndpoint("portal", "http");

    private ILocator Heading => _page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    private ILocator SearchBox => _page.GetByLabel("Sök enhet, direktör, nämnd eller process");

    public async ValueTask InitializeAsync()
    {
        SetDefaultExpectTimeout(15_000);
        _chromium = await HeadlessChromium.LaunchAsync();
        _context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Portal.ToString(), Locale = "sv-SE", TimezoneId = "Europe/Stockholm", ViewportSize = new ViewportSize { Width = 1280, Height = 1000 },
        });
        _page = await _context.NewPageAsync();
    }

    [Fact]
    public async Task Search_finds_a_seeded_unit_its_page_shows_the_manager_and_an_assignment_and_the_date_picker_shows_it_before_a_rename()
    {
        var ct = TestContext.Current.CancellationToken;
        var sickla = system.DemoUnit("Sickla skola");
        var manager = (await system.GetAsync($"/api/mandates/current?unitId={sickla}", ct))["holder"]!["name"]!.GetValue<string>();
        var assignment = (await system.GetAsync($"/api/assignments?unitId={sickla}&status=issued&pageSize=1", ct))["items"]![0]!["title"]!.GetValue<string>();

        // The gateway's address, as the README gives it, leads to the portal.
        await _page.GotoAsync(system.GatewayAddress.ToString());
        Assert.StartsWith(Portal.ToString(), _page.Url, StringComparison.Ordinal);

        // What is typed or read from the registers is shown as text, never as markup.
        await SearchBox.FillAsync("<img src=x onerror=alert(1)>");
        await SearchBox.PressAsync("Enter");
        await Expect(_page.Locator("#sokstatus")).ToContainTextAsync("<img src=x onerror=alert(1)>");
        Assert.Equal(0, await _page.Locator("main img").CountAsync());
        await SearchBox.FillAsync("sickla");
        await SearchBox.PressAsync("Enter");
        await _page.Locator("#traffar a", new() { HasTextString = "Sickla skola" }).First.ClickAsync();

        await Expect(Heading).ToHaveTextAsync("Sickla skola");
        await Expect(_page.Locator("#chef")).ToContainTextAsync(manager); // from Mandates, through Units
        await Expect(_page.Locator("#uppdrag")).ToContainTextAsync(assignment); // from Committees
        await Expect(_page.Locator("#processer")).ToContainTextAsync("Utbildningsprocessen"); // from Processes
        await ScreenshotAsync("unit");
        await NoSeriousAccessibilityViolationsAsync();

        // Renamed from today: the page follows, and the day before shows the name it had then.
        var today = NackaDay.Today;
        var dayBefore = today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using (var rename = await system.Gateway.SendAsync(await system.AuthorisedAsync(HttpMethod.Post, $"/api/units/{sickla}/rename",
            new { name = "Sickla skola och kulturskola", validFrom = today, reason = "Kulturskolan flyttar in" }), ct))
        {
            Assert.True(rename.StatusCode == HttpStatusCode.OK, await rename.Content.ReadAsStringAsync(ct));
        }

        await _page.ReloadAsync();
        await Expect(Heading).ToHaveTextAsync("Sickla skola och kulturskola");

        await _page.GetByLabel("Visa enheten som den var den").FillAsync(dayBefore);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Visa", Exact = true }).ClickAsync();

        await Expect(Heading).ToHaveTextAsync("Sickla skola");
        await Expect(_page.Locator("#chef")).ToContainTextAsync(manager);
        Assert.Contains($"dag={dayBefore}", _page.Url, StringComparison.Ordinal);
        await ScreenshotAsync("unit-the-day-before-the-rename");

        // The day goes with every link: the director's page is shown on the same day.
        await _page.GetByRole(AriaRole.Link, new() { Name = "Utbildningsdirektör" }).First.ClickAsync();
        await Expect(Heading).ToHaveTextAsync("Utbildningsdirektör");
        Assert.Contains($"dag={dayBefore}", _page.Url, StringComparison.Ordinal);
        await Expect(_page.Locator("#enheter")).ToContainTextAsync("Sickla skola");
        Assert.DoesNotContain("kulturskola", await _page.Locator("#enheter").InnerTextAsync(), StringComparison.Ordinal);

        // A link from the first read portal (a fragment on the gateway's address) still shows the unit on its day.
        await _page.GotoAsync($"{system.GatewayAddress}#/enhet/{sickla}?datum={dayBefore}");
        await Expect(Heading).ToHaveTextAsync("Sickla skola");
        Assert.Contains($"/enheter/{sickla}?dag={dayBefore}", _page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_keyboard_alone_a_search_leads_to_the_director_then_the_process_and_the_committee_pages()
    {
        await _page.GotoAsync("/");
        await SearchBox.FocusAsync();
        await _page.Keyboard.TypeAsync("utbildning");
        await _page.Keyboard.PressAsync("Enter");
        await Expect(_page.Locator("#sokstatus")).ToContainTextAsync("träffar");
        await ScreenshotAsync("search");
        await NoSeriousAccessibilityViolationsAsync();

        await TabToAsync(_page.Locator("#traffar a", new() { HasTextString = "Utbildningsdirektör" }).First);
        await _page.Keyboard.PressAsync("Enter");
        await Expect(Heading).ToHaveTextAsync("Utbildningsdirektör");
        await Expect(_page.Locator("#enheter li").First).ToBeVisibleAsync();
        await Expect(_page.Locator("#agda-processer")).ToContainTextAsync("Utbildningsprocessen");
        await Expect(_page.Locator("#namnder")).ToContainTextAsync("Utbildningsnämnden");
        await Expect(_page.Locator(".historik li").First).ToBeVisibleAsync(); // every record page shows its history
        await ScreenshotAsync("director");
        await NoSeriousAccessibilityViolationsAsync();

        await TabToAsync(_page.Locator("#agda-processer a", new() { HasTextString = "Utbildningsprocessen" }));
        await _page.Keyboard.PressAsync("Enter");
        await Expect(Heading).ToHaveTextAsync("Utbildningsprocessen");
        await Expect(_page.Locator("#deltagande-enheter li").First).ToBeVisibleAsync();
        await Expect(_page.Locator("#aktorer li").First).ToBeVisibleAsync();
        await Expect(_page.Locator("#ledningsgrupp li").First).ToBeVisibleAsync();
        Assert.DoesNotContain("vakant", await _page.Locator("#ledningsgrupp").InnerTextAsync(), StringComparison.Ordinal);
        await Expect(_page.Locator(".historik li").First).ToContainTextAsync("Demodata");
        await ScreenshotAsync("process");
        await NoSeriousAccessibilityViolationsAsync();

        await _page.GotoAsync("/");
        await SearchBox.FocusAsync();
        await _page.Keyboard.TypeAsync("utbildningsnämnden");
        await _page.Keyboard.PressAsync("Enter");
        await TabToAsync(_page.Locator("#traffar a", new() { HasTextString = "Utbildningsnämnden" }).First);
        await _page.Keyboard.PressAsync("Enter");
        await Expect(Heading).ToHaveTextAsync("Utbildningsnämnden");
        await Expect(_page.Locator("#givna-uppdrag li").First).ToBeVisibleAsync();
        await Expect(_page.Locator("#forvaltningschefer")).ToContainTextAsync("Utbildningsdirektör");
        await Expect(_page.Locator(".historik li").First).ToBeVisibleAsync();
        await ScreenshotAsync("committee");
        await NoSeriousAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task An_unknown_record_on_a_read_page_is_404_and_junk_in_the_address_shows_today()
    {
        foreach (var path in new[] { $"/direktorer/{Guid.NewGuid()}", $"/namnder/{Guid.NewGuid()}", $"/processer/{Guid.NewGuid()}",
            $"/enheter/{Guid.NewGuid()}" })
        {
            Assert.Equal(404, (await _page.GotoAsync(path))!.Status);
        }

        var process = (await system.GetAsync("/api/org/search?q=utbildningsprocessen", TestContext.Current.CancellationToken))["items"]!.AsArray()
            .First(hit => hit!["kind"]!.GetValue<string>() == "process")!["id"]!.GetValue<Guid>();
        Assert.Equal(200, (await _page.GotoAsync($"/processer/{process}?dag=%C3%A5%27%3B--"))!.Status);
        await Expect(Heading).ToHaveTextAsync("Utbildningsprocessen");
        Assert.Equal(200, (await _page.GotoAsync("/sok?q=%C3%A5%27%3B--&sida=-5"))!.Status);
        await Expect(_page.Locator("#sokstatus")).ToContainTextAsync("å';--");
        Assert.Equal(400, (await _page.GotoAsync("/sok?q=%00"))!.Status); // no value may hold a NUL (ServiceDefaults), the portal's address neither
        await Expect(Heading).ToHaveTextAsync("Det som skickades går inte att läsa"); // said to a person as a page, not as JSON
        Assert.Equal(200, (await _page.GotoAsync($"/sok?q={new string('x', 500)}"))!.Status);
    }

    /// <summary>Moves the focus with Tab, as a keyboard user does, until it is on <paramref name="target"/>.</summary>
    private async Task TabToAsync(ILocator target)
    {
        for (var i = 0; i < 60; i++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }

            await _page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached {target}.");
    }

    private async Task ScreenshotAsync(string name) =>
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Repository.Artifacts("portal"), $"{name}.png"), FullPage = true });

    private Task NoSeriousAccessibilityViolationsAsync() => Accessibility.NoSeriousViolationsAsync(_page);

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _chromium.DisposeAsync();
    }
}
