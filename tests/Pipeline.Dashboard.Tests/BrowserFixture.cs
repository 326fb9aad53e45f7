using Microsoft.Playwright;

namespace Pipeline.Dashboard.Tests;

/// <summary>
/// A <see cref="DashboardRuntime"/> and a headless Chromium driven by Playwright. The browser is Debian's
/// chromium package, because Playwright's own browser download needs network access that build machines lack.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public DashboardRuntime Local { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is missing at {ChromiumPath}, so the dashboard's browser tests cannot run. Run scripts/bootstrap.sh, which installs Debian's chromium package.");
        }

        await Local.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Local.DisposeAsync();
    }

    /// <summary>Opens a page at the dashboard's <paramref name="route"/> (such as <c>#/executions</c>) and records the page's script errors.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync(string route)
    {
        var page = await Browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add($"page error: {message}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"console error: {message.Text}");
            }
        };
        await page.GotoAsync(new Uri(Local.DashboardUrl, route).ToString());
        return (page, errors);
    }
}
