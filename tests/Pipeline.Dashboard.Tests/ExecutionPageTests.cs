using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Pipeline.Dashboard.Tests;

/// <summary>The execution pages in headless Chromium, against executions the local interpreter ran.</summary>
public sealed class ExecutionPageTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public ExecutionPageTests(BrowserFixture browser)
    {
        _browser = browser;
    }

    private DashboardRuntime Local => _browser.Local;

    private static string ExecutionRoute(string arn) => "#/executions/" + Uri.EscapeDataString(arn);

    [Fact]
    public async Task StateMachinesPage_ListsMachineWithCounts()
    {
        var (page, errors) = await _browser.OpenAsync("#/");

        var row = page.Locator("#state-machines-table tbody tr", new() { HasText = DashboardRuntime.MachineName });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("STANDARD");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("1");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ExecutionsPage_FinishedExecutions_ShowStatus()
    {
        var (page, errors) = await _browser.OpenAsync("#/executions");

        var failed = page.Locator("#executions-table tbody tr", new() { HasText = "failed-with-markup" });
        await Expect(failed.Locator(".badge")).ToHaveTextAsync("FAILED");
        var succeeded = page.Locator("#executions-table tbody tr", new() { HasText = "succeeded" });
        await Expect(succeeded.Locator(".badge")).ToHaveTextAsync("SUCCEEDED");
        await Expect(succeeded.Locator("td").Nth(2)).ToHaveTextAsync(DashboardRuntime.MachineName);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ExecutionsPage_StatusFilter_ShowsOnlyThatStatus()
    {
        var (page, errors) = await _browser.OpenAsync("#/executions");
        await Expect(page.Locator("#executions-table")).ToBeVisibleAsync();

        await page.Locator("#status-filter").SelectOptionAsync("SUCCEEDED");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("status=SUCCEEDED"));
        await Expect(page.Locator("#executions-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#executions-table tbody tr .execution-link")).ToHaveTextAsync("succeeded");

        await page.Locator("#status-filter").SelectOptionAsync("TIMED_OUT");

        await Expect(page.Locator(".executions .empty")).ToHaveTextAsync("No execution has the status TIMED_OUT.");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ExecutionsPage_ExecutionLink_OpensDetail()
    {
        var (page, errors) = await _browser.OpenAsync("#/executions");

        await page.Locator(".execution-link", new() { HasText = "succeeded" }).ClickAsync();

        await Expect(page.Locator("h1")).ToContainTextAsync("succeeded");
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("SUCCEEDED");
        await Expect(page.Locator("[data-state='Done']")).ToHaveAttributeAsync("data-outcome", "succeeded");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ExecutionPage_FailedExecution_ColorsStatesByOutcome()
    {
        var (page, errors) = await _browser.OpenAsync(ExecutionRoute(Local.FailedArn));

        var expected = new Dictionary<string, string>
        {
            ["Prepare"] = "succeeded",
            ["Check"] = "succeeded",
            ["Hold"] = "not-run",
            ["Fan"] = "caught",
            ["Left"] = "succeeded",
            ["Right"] = "failed",
            ["Each"] = "succeeded",
            ["Item"] = "succeeded",
            ["Decide"] = "succeeded",
            ["Stop"] = "failed",
            ["Done"] = "not-run",
        };
        foreach (var (state, outcome) in expected)
        {
            var node = page.Locator($"#graph [data-state='{state}']");
            await Expect(node).ToHaveAttributeAsync("data-outcome", outcome);
            await Expect(node).ToHaveClassAsync(new System.Text.RegularExpressions.Regex($"\\boutcome-{outcome}\\b"));
        }

        // Left and Right are drawn inside Fan, and Item inside Each.
        await Expect(page.Locator("#graph [data-state='Fan'] [data-state='Right']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#graph [data-state='Each'] [data-state='Item']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#graph .edge[data-from='Check'][data-to='Hold'] .edge-label")).ToHaveTextAsync("$.wait BooleanEquals true");
        await Expect(page.Locator("#graph .edge[data-from='Check'][data-to='Fan'] .edge-label")).ToHaveTextAsync("Default");
        await Expect(page.Locator("#graph .edge-catch[data-from='Fan'][data-to='Each']")).ToHaveCountAsync(1);
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("FAILED");
        await Expect(page.Locator(".execution-error .error-code")).ToHaveTextAsync("Demo.Failed");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ExecutionPage_History_ListsAwsEventTypes()
    {
        var (page, errors) = await _browser.OpenAsync(ExecutionRoute(Local.FailedArn));

        var history = await Local.Runtime.StepFunctions.GetHistoryAsync(Local.FailedArn);
        await Expect(page.Locator("#history-table tbody")).ToHaveCountAsync(history.Count);
        foreach (var type in new[] { "ExecutionStarted", "PassStateEntered", "ChoiceStateExited", "ParallelStateFailed", "MapIterationSucceeded", "FailStateEntered", "ExecutionFailed" })
        {
            await Expect(page.Locator($"#history-table tbody[data-event-type='{type}']").First).ToBeVisibleAsync();
        }

        var failedEvent = history.Single(e => e.Type == "ParallelStateFailed");
        var row = page.Locator($"#history-table tbody[data-event-id='{failedEvent.Id}'] tr.event-row td");
        await Expect(row.Nth(1)).ToHaveTextAsync(failedEvent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(row.Nth(2)).ToHaveTextAsync("ParallelStateFailed");
        await Expect(row.Nth(4)).ToHaveTextAsync(failedEvent.PreviousEventId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(row.Nth(5).Locator("time")).ToHaveAttributeAsync("datetime", new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\dT"));

        // Expanding ExecutionStarted shows its input.
        var started = page.Locator("#history-table tbody[data-event-id='1']");
        await Expect(started.Locator("tr.event-details")).ToBeHiddenAsync();
        await started.Locator("button.toggle").ClickAsync();
        await Expect(started.Locator("tr.event-details pre")).ToContainTextAsync("\"fail\": true");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ExecutionPage_MarkupInInput_IsShownAsText()
    {
        var (page, errors) = await _browser.OpenAsync(ExecutionRoute(Local.FailedArn));
        await Expect(page.Locator("#graph [data-state='Stop']")).ToBeVisibleAsync();

        // The input is pretty-printed JSON, so the note's quotes appear escaped.
        var shownNote = DashboardRuntime.MarkupNote.Replace("\"", "\\\"", StringComparison.Ordinal);
        await Expect(page.Locator(".columns pre").First).ToContainTextAsync(shownNote);
        await Expect(page.Locator(".execution-error .cause")).ToHaveTextAsync(DashboardRuntime.MarkupCause);
        await page.Locator("#graph [data-state='Prepare']").ClickAsync();
        await Expect(page.Locator("#state-panel pre").First).ToContainTextAsync(shownNote);
        await page.Locator("#history-table tbody[data-event-id='1'] button.toggle").ClickAsync();
        await Expect(page.Locator("#history-table tbody[data-event-id='1'] pre")).ToContainTextAsync("onerror");

        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.Equal(0, await page.Locator("#injected-cause").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("typeof window.__injected"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ExecutionPage_StateClick_ShowsStateInputAndOutput()
    {
        var (page, errors) = await _browser.OpenAsync(ExecutionRoute(Local.SucceededArn));

        await page.Locator("#graph [data-state='Prepare']").ClickAsync();

        await Expect(page.Locator("#state-panel h3")).ToHaveTextAsync("Prepare");
        await Expect(page.Locator("#state-panel pre").Nth(1)).ToContainTextAsync("\"items\": [");
        await Expect(page.Locator("#graph [data-state='Prepare']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("selected"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ExecutionPage_Stop_AbortsRunningExecution()
    {
        var arn = await Local.StartWaitingAsync("waiting-to-stop");
        var (page, errors) = await _browser.OpenAsync(ExecutionRoute(arn));
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("RUNNING");
        await Expect(page.Locator("#graph [data-state='Hold']")).ToHaveAttributeAsync("data-outcome", "running");

        await page.Locator("button.stop-execution").ClickAsync();
        await page.Locator("button.confirm-yes").ClickAsync();

        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("ABORTED");
        await Expect(page.Locator("#graph [data-state='Hold']")).ToHaveAttributeAsync("data-outcome", "cancelled");
        await Expect(page.Locator("#history-table tbody[data-event-type='ExecutionAborted']")).ToHaveCountAsync(1);
        Assert.Equal("ABORTED", (await Local.Runtime.StepFunctions.GetExecutionAsync(arn))!.Status);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ExecutionPage_Redrive_RunsFailedExecutionAgain()
    {
        var (page, errors) = await _browser.OpenAsync(ExecutionRoute(Local.RedriveArn));
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("FAILED");

        await page.Locator("button.redrive-execution").ClickAsync();
        await page.Locator("button.confirm-yes").ClickAsync();

        await Expect(page.Locator("#history-table tbody[data-event-type='ExecutionRedriven']")).ToHaveCountAsync(1);
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("FAILED");
        await Expect(page.Locator("dl.facts dd").Nth(6)).ToHaveTextAsync("1");
        await Expect(page.Locator("#graph [data-state='Stop']")).ToHaveAttributeAsync("data-outcome", "failed");
        await Expect(page.Locator("#graph [data-state='Prepare']")).ToHaveAttributeAsync("data-outcome", "succeeded");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ExecutionPage_UnknownExecution_ShowsApiError()
    {
        var (page, _) = await _browser.OpenAsync(ExecutionRoute(Local.MachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":no-such-run"));

        var error = page.Locator(".error[role='alert']");
        await Expect(error.Locator(".error-code")).ToHaveTextAsync("ExecutionDoesNotExist");
        await Expect(error).ToContainTextAsync("no-such-run");
    }
}
