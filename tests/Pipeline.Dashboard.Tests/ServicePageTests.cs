using static Microsoft.Playwright.Assertions;

namespace Pipeline.Dashboard.Tests;

/// <summary>The SageMaker and Glue pages in headless Chromium, on a runtime that has none of their resources.</summary>
public sealed class ServicePageTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public ServicePageTests(BrowserFixture browser)
    {
        _browser = browser;
    }

    [Theory]
    [InlineData("#/training-jobs", "No training jobs yet.")]
    [InlineData("#/tuning-jobs", "No tuning jobs yet.")]
    [InlineData("#/endpoints", "No endpoints yet.")]
    [InlineData("#/model-packages", "No model packages yet.")]
    [InlineData("#/glue-jobs", "No Glue job runs yet.")]
    public async Task ListPage_NoResources_ShowsEmptyState(string route, string message)
    {
        var (page, errors) = await _browser.OpenAsync(route);

        await Expect(page.Locator(".empty")).ToContainTextAsync(message);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TrainingJobPage_UnknownJob_ShowsApiError()
    {
        var (page, _) = await _browser.OpenAsync("#/training-jobs/no-such-job");

        await Expect(page.Locator(".error[role='alert']")).ToContainTextAsync("no-such-job");
    }

    [Fact]
    public async Task UnknownRoute_ShowsNotFound()
    {
        var (page, errors) = await _browser.OpenAsync("#/no-such-page");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
        Assert.Empty(errors);
    }
}
