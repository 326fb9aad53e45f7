using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Functions.RunawayJobs;
using Pipeline.Functions.Tests.Fakes;

namespace Pipeline.Functions.Tests.RunawayJobs;

/// <summary>RunawayJobs over fakes: limits of 8 hours per execution, 1 hour per training job and 2 hours per tuning job.</summary>
internal sealed class RunawayJobsFixture
{
    public const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:retrain";
    public const string Namespace = "ml-pipeline/RunawayJobs";
    public const string AlarmName = "ml-pipeline-runaway-training-job";

    public RunawayJobsFixture(JobScope scope = JobScope.Pipeline)
    {
        Options = new RunawayJobsOptions
        {
            StateMachineArn = StateMachineArn,
            MetricNamespace = Namespace,
            MaxExecutionRuntime = TimeSpan.FromHours(8),
            MaxTrainingJobRuntime = TimeSpan.FromHours(1),
            MaxTuningJobRuntime = TimeSpan.FromHours(2),
            Scope = scope,
        };
        Function = new Function(Options, StepFunctions, SageMaker, CloudWatch, Clock);
    }

    public RunawayJobsOptions Options { get; }

    public FakeStepFunctions StepFunctions { get; } = new();

    public FakeSageMaker SageMaker { get; } = new();

    public FakeCloudWatch CloudWatch { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    public Function Function { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Adds a running execution whose input names <paramref name="trainingJob"/>, started <paramref name="age"/> ago.</summary>
    public string AddExecution(string name, TimeSpan age, string? trainingJob) =>
        StepFunctions.AddExecution(
            StateMachineArn,
            name,
            trainingJob is null ? """{"dataset":"ds"}""" : new JsonObject { ["dataset"] = "ds", ["names"] = new JsonObject { ["trainingJob"] = trainingJob } }.ToJsonString(),
            Now - age);

    public static JsonObject ScheduledEvent() => new()
    {
        ["version"] = "0",
        ["id"] = "89d1a02d-5ec7-412e-82f5-13505f849b41",
        ["detail-type"] = "Scheduled Event",
        ["source"] = "aws.events",
        ["time"] = "2026-12-06T12:00:00Z",
        ["resources"] = new JsonArray("arn:aws:events:us-east-1:123456789012:rule/ml-pipeline-RunawayJobsMeasure"),
        ["detail"] = new JsonObject(),
    };

    /// <summary>Returns a CloudWatch Alarm State Change event in the shape CloudWatch documents.</summary>
    public static JsonObject AlarmEvent(string state = "ALARM", string alarmName = AlarmName) => new()
    {
        ["version"] = "0",
        ["id"] = "c4c1c1c9-6542-e61b-6ef0-8c4d36933a92",
        ["detail-type"] = "CloudWatch Alarm State Change",
        ["source"] = "aws.cloudwatch",
        ["account"] = "123456789012",
        ["time"] = "2026-12-06T12:00:00Z",
        ["region"] = "us-east-1",
        ["resources"] = new JsonArray($"arn:aws:cloudwatch:us-east-1:123456789012:alarm:{alarmName}"),
        ["detail"] = new JsonObject
        {
            ["alarmName"] = alarmName,
            ["previousState"] = new JsonObject { ["value"] = "OK", ["reason"] = "below threshold", ["timestamp"] = "2026-12-06T11:55:00.000+0000" },
            ["state"] = new JsonObject
            {
                ["value"] = state,
                ["reason"] = "Threshold Crossed: 1 out of the last 1 datapoints [5400.0] was greater than the threshold (3600.0).",
                ["timestamp"] = "2026-12-06T12:00:00.000+0000",
            },
        },
    };

    public async Task<JsonObject> InvokeAsync(JsonObject inputEvent)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(inputEvent.ToJsonString()));
        using var output = await Function.HandleAsync(input);
        return JsonNode.Parse(output)!.AsObject();
    }

    /// <summary>Returns the value of one metric in the only PutMetricData request.</summary>
    public double Metric(string name) => Assert.Single(Assert.Single(CloudWatch.Requests).MetricData, datum => datum.MetricName == name).Value!.Value;
}
