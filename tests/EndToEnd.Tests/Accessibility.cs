using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;

namespace Nacka.EndToEnd.Tests;

/// <summary>axe-core on a page as it stands: no violation of serious or critical impact.</summary>
internal static class Accessibility
{
    public static async Task NoSeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }
}
