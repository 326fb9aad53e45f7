using System.Text.Json.Nodes;
using Pipeline.Local;

namespace Pipeline.Dashboard.Tests;

/// <summary>
/// A local runtime on a free port whose template has one state machine with every kind of transition the graph
/// draws: Choice rules and Default, a Wait, a Parallel state whose failing branch a Catch handles, an inline Map,
/// and Fail and Succeed ends. It contains three finished executions when the tests start.
/// </summary>
public sealed class DashboardRuntime : IAsyncLifetime
{
    public const string MachineName = "dashboard-demo";

    /// <summary>Markup in execution input; the dashboard must show it as text. Running it would set window.__injected.</summary>
    public const string MarkupNote = "<img src=x onerror=\"window.__injected=1\">";

    /// <summary>The Fail state's cause, also markup.</summary>
    public const string MarkupCause = "<b id=\"injected-cause\">bold</b>";

    /// <summary>
    /// Prepare -> Check -(wait)-> Hold -> Fan -> Each -> Decide -(fail)-> Stop, or Decide -(Default)-> Done.
    /// Fan's Right branch fails with Boom and Fan's Catch goes on to Each. Inputs must hold the booleans
    /// <c>wait</c> and <c>fail</c>, because a Choice rule on a missing path fails with States.Runtime.
    /// </summary>
    public static readonly string Definition = new JsonObject
    {
        ["StartAt"] = "Prepare",
        ["States"] = new JsonObject
        {
            ["Prepare"] = new JsonObject { ["Type"] = "Pass", ["Result"] = new JsonArray(1, 2), ["ResultPath"] = "$.items", ["Next"] = "Check" },
            ["Check"] = new JsonObject
            {
                ["Type"] = "Choice",
                ["Choices"] = new JsonArray(new JsonObject { ["Variable"] = "$.wait", ["BooleanEquals"] = true, ["Next"] = "Hold" }),
                ["Default"] = "Fan",
            },
            ["Hold"] = new JsonObject { ["Type"] = "Wait", ["Seconds"] = 300, ["Next"] = "Fan" },
            ["Fan"] = new JsonObject
            {
                ["Type"] = "Parallel",
                ["Branches"] = new JsonArray(
                    new JsonObject { ["StartAt"] = "Left", ["States"] = new JsonObject { ["Left"] = new JsonObject { ["Type"] = "Pass", ["End"] = true } } },
                    new JsonObject { ["StartAt"] = "Right", ["States"] = new JsonObject { ["Right"] = new JsonObject { ["Type"] = "Fail", ["Error"] = "Boom", ["Cause"] = "the right branch fails" } } }),
                ["Catch"] = new JsonArray(new JsonObject { ["ErrorEquals"] = new JsonArray("States.ALL"), ["ResultPath"] = "$.fanError", ["Next"] = "Each" }),
                ["ResultPath"] = "$.fan",
                ["Next"] = "Each",
            },
            ["Each"] = new JsonObject
            {
                ["Type"] = "Map",
                ["ItemsPath"] = "$.items",
                ["ItemProcessor"] = new JsonObject
                {
                    ["ProcessorConfig"] = new JsonObject { ["Mode"] = "INLINE" },
                    ["StartAt"] = "Item",
                    ["States"] = new JsonObject { ["Item"] = new JsonObject { ["Type"] = "Pass", ["End"] = true } },
                },
                ["ResultPath"] = "$.mapped",
                ["Next"] = "Decide",
            },
            ["Decide"] = new JsonObject
            {
                ["Type"] = "Choice",
                ["Choices"] = new JsonArray(new JsonObject { ["Variable"] = "$.fail", ["BooleanEquals"] = true, ["Next"] = "Stop" }),
                ["Default"] = "Done",
            },
            ["Stop"] = new JsonObject { ["Type"] = "Fail", ["Error"] = "Demo.Failed", ["Cause"] = MarkupCause },
            ["Done"] = new JsonObject { ["Type"] = "Succeed" },
        },
    }.ToJsonString();

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"pipeline-dashboard-{Guid.NewGuid():N}");

    public LocalRuntime Runtime { get; private set; } = null!;

    public string MachineArn { get; private set; } = null!;

    /// <summary>A FAILED execution whose input contains <see cref="MarkupNote"/>.</summary>
    public string FailedArn { get; private set; } = null!;

    public string SucceededArn { get; private set; } = null!;

    /// <summary>A FAILED execution that the redrive test may change.</summary>
    public string RedriveArn { get; private set; } = null!;

    public Uri DashboardUrl => new(Runtime.Endpoint, "dashboard/");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var template = Path.Combine(_folder, "template.yaml");
        await File.WriteAllTextAsync(template, $"""
            AWSTemplateFormatVersion: "2010-09-09"
            Transform: AWS::Serverless-2016-10-31
            Resources:
              DemoBucket:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: dashboard-demo-data
              DemoStateMachine:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Name: {MachineName}
                  Definition: {Definition}
            """);
        Runtime = await LocalRuntime.StartAsync(new LocalRuntimeOptions { TemplatePath = template, StateDirectory = Path.Combine(_folder, "state") });
        MachineArn = Runtime.StepFunctions.StateMachines.Single().Arn;

        var note = new JsonObject { ["wait"] = false, ["fail"] = true, ["note"] = MarkupNote }.ToJsonString();
        FailedArn = await RunToEndAsync("failed-with-markup", note);
        SucceededArn = await RunToEndAsync("succeeded", """{"wait":false,"fail":false}""");
        RedriveArn = await RunToEndAsync("to-redrive", """{"wait":false,"fail":true}""");
    }

    public async Task DisposeAsync()
    {
        await Runtime.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open only leaves a temporary folder behind.
        }
    }

    /// <summary>Starts an execution that waits 300 seconds in Hold, and returns once Hold is entered.</summary>
    public async Task<string> StartWaitingAsync(string name)
    {
        var (arn, _) = await Runtime.StepFunctions.StartExecutionAsync(MachineArn, name, """{"wait":true,"fail":false}""");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await Runtime.StepFunctions.GetHistoryAsync(arn, timeout.Token)).Any(e => e.Type == "WaitStateEntered"))
        {
            await Task.Delay(50, timeout.Token);
        }

        return arn;
    }

    private async Task<string> RunToEndAsync(string name, string input)
    {
        var (arn, _) = await Runtime.StepFunctions.StartExecutionAsync(MachineArn, name, input);
        await Runtime.StepFunctions.WaitForExecutionAsync(arn);
        return arn;
    }
}
