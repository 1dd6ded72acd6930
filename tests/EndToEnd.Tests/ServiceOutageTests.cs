using Aspire.Hosting.Testing;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Playwright;
using Nacka.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Nacka.EndToEnd.Tests;

/// <summary>A service killed (SIGKILL, as a crash or the OOM killer would): the composed views still answer, within the bound, naming the gap.</summary>
[Collection(nameof(RunningSystemCollection))]
public sealed class ServiceOutageTests(RunningSystem system)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5); // Composition:CallTimeout is 2 s

    /// <summary>How soon the portal says the register does not answer (a page, a save). Its client's retries of a 5xx waited about
    /// 2, 4 and 8 s until 2026-12-04.</summary>
    private static readonly TimeSpan SaidAwayWithin = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task With_Processes_stopped_a_unit_view_and_the_search_answer_within_the_bound_and_name_the_gap()
    {
        var ct = TestContext.Current.CancellationToken;
        var unit = system.DemoUnit("Älta skola");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromMinutes(3));
        var process = (await system.GetAsync("/api/processes", ct))["items"]![0]!["id"]!.GetValue<Guid>();
        // A registrar has a form open when the service goes: the save must say so and keep what was typed.
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var workspace = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = system.App.GetEndpoint("portal", "http").ToString(), Locale = "sv-SE",
        });
        var opened = await system.SignedInPageAsync(workspace, "registrar");
        await opened.GotoAsync($"/andra/process-uppgifter/{process}", new() { Timeout = 60_000 });
        const string typed = "Syftet skrivet medan processregistret är borta";
        await opened.GetByLabel("Syfte").FillAsync(typed);
        await opened.GetByLabel("Skäl").FillAsync("Förtydligande");

        // Killed, as a crash or the OOM killer would: the service is gone without a goodbye.
        await system.KillAsync("processes", limit.Token);
        try
        {

            var started = Stopwatch.StartNew();
            using var response = await system.Gateway.GetAsync($"/api/org/units/{unit}", ct);
            var elapsed = started.Elapsed;
            var view = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;

            Assert.True(elapsed < Bound, $"took {elapsed}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("processes", response.Headers.GetValues("X-Nacka-Missing").Single());
            Assert.Equal(["processes"], view["missing"]!.AsArray().Select(m => m!.GetValue<string>()));
            Assert.Null(view["processes"]);
            Assert.Equal("Älta skola", view["unit"]!["name"]!.GetValue<string>());
            Assert.NotNull(view["assignments"]);

            started.Restart();
            var search = JsonNode.Parse(await system.Gateway.GetStringAsync("/api/org/search?q=alta", ct))!;
            Assert.True(started.Elapsed < Bound, $"search took {started.Elapsed}");
            Assert.Equal(["processes"], search["missing"]!.AsArray().Select(m => m!.GetValue<string>()));
            Assert.Equal("Älta skola", search["items"]![0]!["name"]!.GetValue<string>());

            // Its own routes fail at the gateway within the proxy's activity timeout (10 s) instead of hanging.
            started.Restart();
            using (var direct = await system.Gateway.GetAsync("/api/processes", limit.Token))
            {
                Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"a proxied read to a killed service took {started.Elapsed}");
                Assert.InRange((int)direct.StatusCode, 502, 504);
            }

            // The portal says what it could not show instead of failing.
            var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = system.App.GetEndpoint("portal", "http").ToString(),
                Locale = "sv-SE" });
            Assert.Equal(200, (await page.GotoAsync($"/enheter/{unit}", new() { Timeout = 30_000 }))!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Älta skola", new() { Timeout = 15_000 });
            await Expect(page.Locator(".saknas")).ToContainTextAsync("processregistret");
            await Expect(page.Locator("#processer")).ToContainTextAsync("kunde inte hämtas");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Repository.Artifacts("portal"),
                "unit-with-processes-stopped.png"), FullPage = true });

            // The save from the form opened before: the register is away, what was typed stays (a 503 through the gateway, not a lost change).
            await opened.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync(new() { Timeout = 60_000 });
            await Expect(opened.GetByRole(AriaRole.Alert)).ToContainTextAsync("Registret svarar inte just nu", new() { Timeout = 60_000 });
            await Expect(opened.GetByLabel("Syfte")).ToHaveValueAsync(typed);

            // The workspace says the register is away (503), not that the process does not exist, and says it soon.
            var form = await workspace.NewPageAsync(); // signed in already, in the same browser
            started.Restart();
            var answer = await form.GotoAsync($"/andra/process-uppgifter/{process}", new() { Timeout = 60_000 });
            Assert.Equal(503, answer!.Status);
            Assert.True(started.Elapsed < SaidAwayWithin, $"the form page took {started.Elapsed} to say the register does not answer");
            await Expect(form.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Registret svarar inte just nu");
        }
        finally
        {
            await system.App.ResourceCommands.ExecuteCommandAsync("processes", KnownResourceCommands.StartCommand, limit.Token);
            await system.App.ResourceNotifications.WaitForResourceHealthyAsync("processes", limit.Token);
        }
    }

    /// <summary>
    /// The hand-written forms share the rule of the generic one (<c>Register/FormPage.cs</c>): a save whose look-up gets no
    /// answer keeps the form with what was typed. Before they shared it, the rename form answered with the 503 notice in place of
    /// the form, and the new name was lost.
    /// </summary>
    [Fact]
    public async Task With_Units_stopped_a_rename_form_opened_before_keeps_what_was_typed_and_says_the_register_does_not_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        var unit = system.DemoUnit("Älta skola");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromMinutes(3));
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var workspace = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = system.App.GetEndpoint("portal", "http").ToString(), Locale = "sv-SE",
        });
        var opened = await system.SignedInPageAsync(workspace, "registrar");
        await opened.GotoAsync($"/enheter/{unit}/byt-namn", new() { Timeout = 60_000 });
        const string typed = "Namnet skrivet medan enhetsregistret är borta";
        await opened.GetByLabel("Nytt namn").FillAsync(typed);
        await opened.GetByLabel("Skäl").FillAsync("Nytt namn");

        await system.KillAsync("units", limit.Token);
        try
        {
            var started = Stopwatch.StartNew();
            await opened.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync(new() { Timeout = 60_000 });
            await Expect(opened.GetByRole(AriaRole.Alert)).ToContainTextAsync("Registret svarar inte just nu", new() { Timeout = 60_000 });
            await Expect(opened.GetByLabel("Nytt namn")).ToHaveValueAsync(typed);
            // A person waits for it: not the many seconds of the standard pipeline's retries (RegisterClientExtensions).
            Assert.True(started.Elapsed < SaidAwayWithin, $"the save took {started.Elapsed} to say the register does not answer");
        }
        finally
        {
            await system.App.ResourceCommands.ExecuteCommandAsync("units", KnownResourceCommands.StartCommand, limit.Token);
            await system.App.ResourceNotifications.WaitForResourceHealthyAsync("units", limit.Token);
        }
    }
}
