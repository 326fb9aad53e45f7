using System.Text.Json.Nodes;
using Pipeline.Local.CloudWatch;
using Pipeline.Local.EventBridge;

namespace Pipeline.Local.Tests.Triggers;

/// <summary>
/// The repository's template.yaml on a fake clock: the retraining schedule starts an execution with the real
/// ScheduledRetrain handler, and the runaway-job alarm makes the real RunawayJobs handler stop a training job.
/// </summary>
public sealed class RepositoryTemplateTriggerTests
{
    private const string Dataset = "breast-cancer";

    [Fact]
    public async Task RetrainSchedule_ClockReachesSevenDays_StartsExecutionOnNewestData()
    {
        await using var host = await TriggerRuntime.StartRepositoryTemplateAsync(new Dictionary<string, string>());
        var runtime = host.Runtime;
        await PutConfigurationAsync(runtime);

        // A file written into the bucket folder raises no S3 event, like data that arrived while no notification was delivered.
        var key = $"incoming/{Dataset}/breast_cancer.csv";
        var file = runtime.Objects.GetObjectFilePath(runtime.DataBucket, key);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.Copy(RepositoryPaths.Of("samples", Dataset, "breast_cancer.csv"), file);
        var fired = new TaskCompletionSource<ScheduleFiring>(TaskCreationOptions.RunContinuationsAsynchronously);
        runtime.Schedules.Fired += firing =>
        {
            if (firing.Schedule.Target.LogicalId == "ScheduledRetrainFunction")
            {
                fired.TrySetResult(firing);
            }
        };

        runtime.StartTriggers();
        host.Clock.Advance(TimeSpan.FromDays(7));
        var firing = await fired.Task.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(TriggerRuntime.StartTime.AddDays(7), firing.ScheduledTime);
        Assert.True(firing.Delivery.Succeeded, firing.Delivery.Error);
        var response = JsonNode.Parse(firing.Delivery.Invocation!.Payload)!;
        var executionArn = (string)Assert.Single(response["started"]!.AsArray())!;
        var execution = await runtime.StepFunctions.GetExecutionAsync(executionArn);
        Assert.NotNull(execution);
        var input = JsonNode.Parse(execution.Input!)!;
        Assert.Equal(Dataset, (string?)input["dataset"]);
        Assert.Equal(key, (string?)input["source"]!["key"]);
        Assert.Equal($"s3://{runtime.DataBucket}/{key}", (string?)input["source"]!["uri"]);
        Assert.Equal("Schedule", (string?)input["trigger"]!["type"]);
        Assert.Equal("2026-05-08T08:00:00Z", (string?)input["trigger"]!["scheduledTime"]);
        Assert.Equal(firing.Schedule.Arn, (string?)input["trigger"]!["rule"]);
        Assert.Equal((string?)input["runId"], execution.Name);
        Assert.StartsWith($"{Dataset}-", execution.Name, StringComparison.Ordinal);
        Assert.Contains(host.Logs.WithEventId(5031), entry => (string?)entry.Values["ExecutionArn"] == executionArn);

        var next = runtime.Schedules.States.Single(state => state.Schedule.Target.LogicalId == "ScheduledRetrainFunction");
        Assert.Equal(TriggerRuntime.StartTime.AddDays(14), next.NextFireTime);
    }

    [Fact]
    public async Task RunawayTrainingJob_AlarmFires_JobIsStoppedAndExecutionFails()
    {
        await using var host = await TriggerRuntime.StartRepositoryTemplateAsync(new Dictionary<string, string> { ["MaxTrainingJobSeconds"] = "600" });
        var runtime = host.Runtime;
        await PutConfigurationAsync(runtime);
        using var release = new ManualResetEventSlim();
        var training = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        runtime.Training.RoundCompleted += (name, _) =>
        {
            // Holds the training thread after its first round, so the job stays InProgress while the clock moves.
            training.TrySetResult(name);
            release.Wait(TimeSpan.FromMinutes(2));
        };

        await using (var data = File.OpenRead(RepositoryPaths.Of("samples", Dataset, "breast_cancer.csv")))
        {
            await runtime.Objects.PutObjectAsync(runtime.DataBucket, $"incoming/{Dataset}/breast_cancer.csv", data);
        }

        var jobName = await training.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var executionArn = Assert.Single(await runtime.StepFunctions.ListExecutionsAsync()).ExecutionArn;

        host.Clock.Advance(TimeSpan.FromMinutes(11));
        var measured = Assert.Single(await runtime.Schedules.RunDueAsync(), firing => firing.Schedule.Target.LogicalId == "RunawayJobsFunction");
        // The alarms read 5-minute periods, each once it has ended.
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var transitions = await runtime.Alarms.EvaluateAsync();
        release.Set();

        Assert.True(measured.Delivery.Succeeded, measured.Delivery.Error);
        Assert.Equal(660, (double?)JsonNode.Parse(measured.Delivery.Invocation!.Payload)!["metrics"]!["OldestTrainingJobAgeSeconds"]);
        var alarm = Assert.Single(transitions, transition => transition.State == AlarmStates.Alarm);
        Assert.Equal("ml-pipeline-runaway-training-job", alarm.Alarm.AlarmName);
        Assert.All(transitions.Where(transition => transition != alarm), transition => Assert.Equal(AlarmStates.Ok, transition.State));
        var stop = Assert.Single(alarm.Deliveries).Delivery;
        Assert.True(stop.Succeeded, stop.Error);
        var stopped = Assert.Single(JsonNode.Parse(stop.Invocation!.Payload)!["stopped"]!.AsArray())!;
        Assert.Equal("TrainingJob", (string?)stopped["kind"]);
        Assert.Equal(jobName, (string?)stopped["id"]);

        var execution = await runtime.StepFunctions.WaitForExecutionAsync(executionArn).WaitAsync(TimeSpan.FromMinutes(2));
        var job = await runtime.Training.DescribeTrainingJobAsync(new JsonObject { ["TrainingJobName"] = jobName });
        Assert.Equal("Stopped", (string?)job["TrainingJobStatus"]);
        Assert.Contains(job["SecondaryStatusTransitions"]!.AsArray(), transition => (string?)transition!["Status"] == "Stopping");
        Assert.Equal("FAILED", execution.Status);
        var history = await runtime.StepFunctions.GetHistoryAsync(executionArn);
        var entered = history.Where(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal)).Select(e => (string?)e.ToJson()["stateEnteredEventDetails"]!["name"]).ToList();
        Assert.Equal(["Preprocess", "Train", "TrainingFailed"], entered);
        var taskFailed = Assert.Single(history, e => e.Type == "TaskFailed").ToJson()["taskFailedEventDetails"]!;
        Assert.Contains("Stopped", (string?)taskFailed["cause"], StringComparison.Ordinal);
        var stopLog = Assert.Single(host.Logs.WithEventId(5023));
        Assert.Equal(jobName, (string?)stopLog.Values["JobId"]);
        Assert.Equal("ml-pipeline-runaway-training-job", (string?)stopLog.Values["AlarmName"]);
        Assert.Contains(host.Logs.WithEventId(6721), entry => (string?)entry.Values["AlarmName"] == "ml-pipeline-runaway-training-job" && (string?)entry.Values["State"] == "ALARM");
        var states = await runtime.Alarms.GetStatesAsync();
        Assert.Equal(AlarmStates.Alarm, states.Single(state => state.Alarm.AlarmName == "ml-pipeline-runaway-training-job").StateValue);
    }

    private static async Task PutConfigurationAsync(LocalRuntime runtime)
    {
        var configuration = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryPaths.Of("samples", Dataset, "config.json")))!.AsObject();
        configuration["training"]!["hyperParameters"]!["num_round"] = "1000";
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(configuration.ToJsonString()));
        await runtime.Objects.PutObjectAsync(runtime.DataBucket, $"config/{Dataset}.json", content);
    }
}
