using static Microsoft.Playwright.Assertions;

namespace Pipeline.Dashboard.Tests;

/// <summary>The training job, endpoint and model registry pages in headless Chromium, on resources made through the SageMaker API.</summary>
public sealed class SageMakerPageTests : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private static readonly Lock CreationLock = new();
    private static Task? _creation;
    private readonly BrowserFixture _browser;

    public SageMakerPageTests(BrowserFixture browser)
    {
        _browser = browser;
    }

    /// <summary>Creates the resources once for the class, because xunit makes a new instance per test.</summary>
    public Task InitializeAsync()
    {
        lock (CreationLock)
        {
            _creation ??= SageMakerResources.CreateAsync(_browser.Local.Runtime);
            return _creation;
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TrainingJobsPage_CompletedJob_ShowsStatusAndMetrics()
    {
        var (page, errors) = await _browser.OpenAsync("#/training-jobs");

        var row = page.Locator("#training-jobs-table tbody tr", new() { HasText = SageMakerResources.TrainingJobName });
        await Expect(row.Locator(".badge")).ToHaveTextAsync("Completed");
        await row.Locator("a").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync(SageMakerResources.TrainingJobName);
        await Expect(page.Locator("table.grid tbody tr", new() { HasText = "validation:auc" })).ToHaveCountAsync(1);
        await Expect(page.Locator("pre.json").First).ToContainTextAsync("\"num_round\": \"5\"");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task EndpointsPage_TwoVariants_ShowsWeights()
    {
        var (page, errors) = await _browser.OpenAsync("#/endpoints");

        var row = page.Locator("#endpoints-table tbody tr", new() { HasText = SageMakerResources.EndpointName });
        await Expect(row.Locator(".badge")).ToHaveTextAsync("InService");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("Blue (3), Green (1)");
        await row.Locator("a").ClickAsync();

        var blue = page.Locator("table.variants tbody tr", new() { HasText = "Blue" });
        var green = page.Locator("table.variants tbody tr", new() { HasText = "Green" });
        await Expect(blue.Locator("td").Nth(2)).ToHaveTextAsync("3");
        await Expect(blue.Locator("td").Nth(4)).ToContainTextAsync("75.0 %");
        await Expect(green.Locator("td").Nth(4)).ToContainTextAsync("25.0 %");
        await Expect(green.Locator("td").Nth(1)).ToHaveTextAsync("dashboard-model");
        await Expect(green.Locator("td").Nth(6)).ToHaveTextAsync("ml.m5.large");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ModelRegistryPage_ApprovedVersion_ShowsPackage()
    {
        var (page, errors) = await _browser.OpenAsync("#/model-packages");

        var row = page.Locator("#model-packages-table tbody tr", new() { HasText = SageMakerResources.ModelPackageGroupName });
        await Expect(row.Locator(".badge").First).ToHaveTextAsync("Approved");
        await row.Locator("a").ClickAsync();

        await Expect(page.Locator("dl.facts")).ToContainTextAsync(SageMakerResources.ModelPackageGroupName);
        await Expect(page.Locator("table.grid tbody td").Nth(1)).ToContainTextAsync("model.tar.gz");
        Assert.Empty(errors);
    }
}
