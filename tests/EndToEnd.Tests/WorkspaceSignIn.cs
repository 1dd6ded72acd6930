using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Nacka.EndToEnd.Tests;

/// <summary>Signing in to the workspace as a demo user, at the provider's page, as a person would.</summary>
internal static class WorkspaceSignIn
{
    /// <summary>A page in <paramref name="context"/> (based at the portal) signed in as the demo user holding <paramref name="role"/>.</summary>
    public static async Task<IPage> SignedInPageAsync(this RunningSystem system, IBrowserContext context, string role)
    {
        var (userName, password) = system.DemoUser(role);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/logga-in");
        await page.GetByLabel("Användarnamn").FillAsync(userName);
        await page.GetByLabel("Lösenord").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Arbetsyta" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>The demo user for <paramref name="role"/>, from the owner-only file the provider wrote on its first start.</summary>
    public static (string UserName, string Password) DemoUser(this RunningSystem system, string role)
    {
        var line = File.ReadAllLines(Path.Combine(system.DataDirectory, "identity", "demo-users.txt"))
            .Where(l => !l.StartsWith('#')).Select(l => l.Split('\t')).Single(l => l[1] == role);
        return (line[0], line[2]);
    }
}
