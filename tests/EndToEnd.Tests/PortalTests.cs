using System.Net;
using Microsoft.Playwright;
using Nacka.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Nacka.EndToEnd.Tests;

/// <summary>
/// The portal page in a real headless Chromium against the running system: what a person in Nacka
/// sees. A screenshot of each page is left in artifacts/portal (or $NACKA_TEST_ARTIFACTS/portal).
/// </summary>
[Collection(nameof(RunningSystemCollection))]
public sealed class PortalTests(RunningSystem system) : IAsyncLifetime
{
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
    private HeadlessChromium _chromium = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    private ILocator Heading => _page.Locator("#vy h2");

    public async ValueTask InitializeAsync()
    {
        SetDefaultExpectTimeout(15_000);
        _chromium = await HeadlessChromium.LaunchAsync();
        _context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = system.GatewayAddress.ToString(), Locale = "sv-SE", TimezoneId = "Europe/Stockholm", ViewportSize = new ViewportSize { Width = 1280, Height = 1000 },
        });
        _page = await _context.NewPageAsync();
    }

    [Fact]
    public async Task Search_finds_a_seeded_unit_its_card_shows_the_manager_and_an_assignment_and_the_date_picker_shows_it_before_a_rename()
    {
        var ct = TestContext.Current.CancellationToken;
        var sickla = system.DemoUnit("Sickla skola");
        var manager = (await system.GetAsync($"/api/mandates/current?unitId={sickla}", ct))["holder"]!["name"]!.GetValue<string>();
        var assignment = (await system.GetAsync($"/api/assignments?unitId={sickla}&status=issued&pageSize=1", ct))["items"]![0]!["title"]!.GetValue<string>();

        await _page.GotoAsync("/");
        // What is typed or read from the registers is shown as text, never as markup.
        await _page.GetByLabel("Sök enhet, direktör, nämnd eller process").FillAsync("<img src=x onerror=alert(1)>");
        await Expect(_page.Locator("#sokstatus")).ToContainTextAsync("<img src=x onerror=alert(1)>");
        Assert.Equal(0, await _page.Locator("#sokstatus img, #traffar img").CountAsync());
        await _page.GetByLabel("Sök enhet, direktör, nämnd eller process").FillAsync("sickla");
        await _page.Locator("#traffar a", new() { HasTextString = "Sickla skola" }).First.ClickAsync();

        await Expect(Heading).ToHaveTextAsync("Sickla skola");
        await Expect(_page.Locator("#chef")).ToContainTextAsync(manager); // from Mandates, through Units
        await Expect(_page.Locator("#uppdrag")).ToContainTextAsync(assignment); // from Committees
        await Expect(_page.Locator("#processer")).ToContainTextAsync("Utbildningsprocessen"); // from Processes
        await ScreenshotAsync("unit");
        await NoSeriousAccessibilityViolationsAsync();

        // Renamed from today: the card follows, and the day before shows the name it had then.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, Stockholm));
        using (var rename = await system.Gateway.SendAsync(await system.AuthorisedAsync(HttpMethod.Post, $"/api/units/{sickla}/rename",
            new { name = "Sickla skola och kulturskola", validFrom = today, reason = "Kulturskolan flyttar in" }), ct))
        {
            Assert.True(rename.StatusCode == HttpStatusCode.OK, await rename.Content.ReadAsStringAsync(ct));
        }

        await _page.ReloadAsync();
        await Expect(Heading).ToHaveTextAsync("Sickla skola och kulturskola");

        await _page.Locator("#datum").FillAsync(today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        await Expect(Heading).ToHaveTextAsync("Sickla skola");
        await Expect(_page.Locator("#chef")).ToContainTextAsync(manager);
        Assert.Contains($"datum={today.AddDays(-1):yyyy-MM-dd}", _page.Url, StringComparison.Ordinal);
        await ScreenshotAsync("unit-the-day-before-the-rename");
    }

    [Fact]
    public async Task By_keyboard_alone_a_search_leads_to_the_director_then_the_process_and_the_committee_pages()
    {
        await _page.GotoAsync("/");
        await _page.Locator("#sok").FocusAsync();
        await _page.Keyboard.TypeAsync("utbildning");
        await Expect(_page.Locator("#traffar a").First).ToContainTextAsync("Utbildningsdirektör");
        await Expect(_page.Locator("#sokstatus")).ToContainTextAsync("träffar");
        await ScreenshotAsync("search");

        await _page.Keyboard.PressAsync("ArrowDown");
        await _page.Keyboard.PressAsync("Enter");
        await Expect(Heading).ToHaveTextAsync("Utbildningsdirektör");
        await Expect(_page.Locator("#enheter li").First).ToBeVisibleAsync();
        await Expect(_page.Locator("#agda-processer")).ToContainTextAsync("Utbildningsprocessen");
        await Expect(_page.Locator("#namnder")).ToContainTextAsync("Utbildningsnämnden");
        await ScreenshotAsync("director");
        await NoSeriousAccessibilityViolationsAsync();

        await _page.Locator("#agda-processer a", new() { HasTextString = "Utbildningsprocessen" }).FocusAsync();
        await _page.Keyboard.PressAsync("Enter");
        await Expect(Heading).ToHaveTextAsync("Utbildningsprocessen");
        await Expect(_page.Locator("#deltagande-enheter li").First).ToBeVisibleAsync();
        await Expect(_page.Locator("#aktorer li").First).ToBeVisibleAsync();
        await Expect(_page.Locator("#ledningsgrupp li").First).ToBeVisibleAsync();
        Assert.DoesNotContain("vakant", await _page.Locator("#ledningsgrupp").InnerTextAsync(), StringComparison.Ordinal);
        await ScreenshotAsync("process");
        await NoSeriousAccessibilityViolationsAsync();

        await _page.Locator("#sok").FillAsync("utbildningsnämnden");
        await Expect(_page.Locator("#traffar a").First).ToContainTextAsync("Utbildningsnämnden");
        await _page.Locator("#sok").PressAsync("ArrowDown");
        await Expect(_page.Locator("#traffar a:focus")).ToContainTextAsync("Utbildningsnämnden");
        await _page.Keyboard.PressAsync("Enter");
        await Expect(Heading).ToHaveTextAsync("Utbildningsnämnden");
        await Expect(_page.Locator("#givna-uppdrag li").First).ToBeVisibleAsync();
        await ScreenshotAsync("committee");
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
