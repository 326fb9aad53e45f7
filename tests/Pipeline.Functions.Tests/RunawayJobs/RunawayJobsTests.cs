using Pipeline.Aws.SageMaker;
using Pipeline.Aws.StepFunctions;
using Pipeline.Functions.RunawayJobs;
using static Pipeline.Functions.Tests.RunawayJobs.RunawayJobsFixture;

namespace Pipeline.Functions.Tests.RunawayJobs;

public sealed class RunawayJobsTests
{
    [Fact]
    public async Task ScheduledEvent_PipelineScope_PublishesOldestAgesOfItsOwnJobs()
    {
        var fixture = new RunawayJobsFixture();
        fixture.AddExecution("ds-old", TimeSpan.FromHours(2), "ds-20261206100000-aaaaaa");
        fixture.AddExecution("ds-new", TimeSpan.FromMinutes(30), "ds-20261206113000-bbbbbb");
        fixture.SageMaker.AddTrainingJob("ds-20261206100000-aaaaaa", TrainingJobStatus.InProgress, fixture.Now.AddMinutes(-90));
        fixture.SageMaker.AddTrainingJob("someone-elses-job", TrainingJobStatus.InProgress, fixture.Now.AddHours(-10));

        var output = await fixture.InvokeAsync(ScheduledEvent());

        Assert.Equal("measure", (string?)output["action"]);
        Assert.Equal(7200, fixture.Metric(RunawayMetrics.OldestExecutionAgeSeconds));
        Assert.Equal(5400, fixture.Metric(RunawayMetrics.OldestTrainingJobAgeSeconds));
        Assert.Equal(0, fixture.Metric(RunawayMetrics.OldestTuningJobAgeSeconds));
        var request = Assert.Single(fixture.CloudWatch.Requests);
        Assert.Equal(Namespace, request.Namespace);
        Assert.All(request.MetricData, datum => Assert.Equal("Seconds", datum.Unit));
        Assert.All(request.MetricData, datum => Assert.Equal(fixture.Now, datum.Timestamp));
        Assert.Equal(2, (int?)output["running"]!["Execution"]);
        Assert.Equal(1, (int?)output["running"]!["TrainingJob"]);
    }

    [Fact]
    public async Task ScheduledEvent_AccountScope_CountsEveryInProgressJob()
    {
        var fixture = new RunawayJobsFixture(JobScope.Account);
        fixture.SageMaker.AddTrainingJob("someone-elses-job", TrainingJobStatus.InProgress, fixture.Now.AddHours(-10));
        fixture.SageMaker.AddTrainingJob("finished-job", TrainingJobStatus.Completed, fixture.Now.AddHours(-20));
        fixture.SageMaker.TuningJobs.Add(new HyperParameterTuningJobSummary { HyperParameterTuningJobName = "tune-1", HyperParameterTuningJobStatus = "InProgress", CreationTime = fixture.Now.AddHours(-3) });

        await fixture.InvokeAsync(ScheduledEvent());

        Assert.Equal(0, fixture.Metric(RunawayMetrics.OldestExecutionAgeSeconds));
        Assert.Equal(36000, fixture.Metric(RunawayMetrics.OldestTrainingJobAgeSeconds));
        Assert.Equal(10800, fixture.Metric(RunawayMetrics.OldestTuningJobAgeSeconds));
    }

    [Fact]
    public async Task ScheduledEvent_ManyExecutions_ReadsEveryPage()
    {
        var fixture = new RunawayJobsFixture();
        for (var hours = 1; hours <= 5; hours++)
        {
            fixture.AddExecution($"ds-{hours}", TimeSpan.FromHours(hours), trainingJob: null);
        }

        await fixture.InvokeAsync(ScheduledEvent());

        Assert.Equal(5 * 3600, fixture.Metric(RunawayMetrics.OldestExecutionAgeSeconds));
    }

    [Fact]
    public async Task AlarmEvent_TrainingJobPastLimit_StopsOnlyThatJob()
    {
        var fixture = new RunawayJobsFixture();
        fixture.AddExecution("ds-run", TimeSpan.FromHours(2), "ds-job");
        fixture.SageMaker.AddTrainingJob("ds-job", TrainingJobStatus.InProgress, fixture.Now.AddMinutes(-90));
        fixture.AddExecution("ds-young", TimeSpan.FromMinutes(20), "ds-young-job");
        fixture.SageMaker.AddTrainingJob("ds-young-job", TrainingJobStatus.InProgress, fixture.Now.AddMinutes(-15));

        var output = await fixture.InvokeAsync(AlarmEvent());

        Assert.Equal(["ds-job"], fixture.SageMaker.StoppedTrainingJobs);
        Assert.Empty(fixture.StepFunctions.StopRequests);
        var stopped = Assert.Single(output["stopped"]!.AsArray())!;
        Assert.Equal("TrainingJob", (string?)stopped["kind"]);
        Assert.Equal("ds-job", (string?)stopped["id"]);
        Assert.Equal(5400, (double?)stopped["runtimeSeconds"]);
        Assert.Equal(3600, (double?)stopped["limitSeconds"]);
        Assert.Empty(fixture.CloudWatch.Requests);
    }

    [Fact]
    public async Task AlarmEvent_ExecutionPastLimit_StopsItWithRunawayError()
    {
        var fixture = new RunawayJobsFixture();
        var arn = fixture.AddExecution("ds-stuck", TimeSpan.FromHours(9), trainingJob: null);

        await fixture.InvokeAsync(AlarmEvent(alarmName: "ml-pipeline-runaway-execution"));

        var stop = Assert.Single(fixture.StepFunctions.StopRequests);
        Assert.Equal(arn, stop.ExecutionArn);
        Assert.Equal(Function.RunawayExecutionError, stop.Error);
        Assert.Equal("The execution ran 32400 s, longer than its limit of 28800 s (MAX_EXECUTION_SECONDS); stopped when alarm ml-pipeline-runaway-execution changed to ALARM.", stop.Cause);
        Assert.Equal(ExecutionStatus.Aborted, fixture.StepFunctions.Described[arn].Status);
    }

    [Fact]
    public async Task AlarmEvent_JobAndExecutionPastLimits_StopsJobFirst()
    {
        var fixture = new RunawayJobsFixture();
        var arn = fixture.AddExecution("ds-stuck", TimeSpan.FromHours(9), "ds-job");
        fixture.SageMaker.AddTrainingJob("ds-job", TrainingJobStatus.InProgress, fixture.Now.AddHours(-8.5));

        var output = await fixture.InvokeAsync(AlarmEvent());

        Assert.Equal(["ds-job"], fixture.SageMaker.StoppedTrainingJobs);
        Assert.Equal(arn, Assert.Single(fixture.StepFunctions.StopRequests).ExecutionArn);
        Assert.Equal(["TrainingJob", "Execution"], output["stopped"]!.AsArray().Select(entry => (string)entry!["kind"]!));
    }

    [Fact]
    public async Task AlarmEvent_JobEndedBeforeStop_IsReportedNotFailed()
    {
        var fixture = new RunawayJobsFixture(JobScope.Account);
        fixture.SageMaker.AddTrainingJob("racing-job", TrainingJobStatus.InProgress, fixture.Now.AddHours(-2));
        fixture.SageMaker.EndBeforeStop.Add("racing-job");

        var output = await fixture.InvokeAsync(AlarmEvent());

        Assert.Empty(output["stopped"]!.AsArray());
        Assert.Equal("racing-job", (string?)Assert.Single(output["alreadyEnded"]!.AsArray())!["id"]);
    }

    [Fact]
    public async Task AlarmEvent_TuningJobPastLimit_IsStoppedInAccountScope()
    {
        var fixture = new RunawayJobsFixture(JobScope.Account);
        fixture.SageMaker.TuningJobs.Add(new HyperParameterTuningJobSummary { HyperParameterTuningJobName = "tune-1", HyperParameterTuningJobStatus = "InProgress", CreationTime = fixture.Now.AddHours(-3) });
        fixture.SageMaker.TuningJobs.Add(new HyperParameterTuningJobSummary { HyperParameterTuningJobName = "tune-2", HyperParameterTuningJobStatus = "InProgress", CreationTime = fixture.Now.AddHours(-1) });

        await fixture.InvokeAsync(AlarmEvent());

        Assert.Equal(["tune-1"], fixture.SageMaker.StoppedTuningJobs);
    }

    [Theory]
    [InlineData("OK")]
    [InlineData("INSUFFICIENT_DATA")]
    public async Task AlarmEvent_OtherState_StopsNothing(string state)
    {
        var fixture = new RunawayJobsFixture();
        fixture.AddExecution("ds-stuck", TimeSpan.FromHours(9), trainingJob: null);

        var output = await fixture.InvokeAsync(AlarmEvent(state));

        Assert.Equal("none", (string?)output["action"]);
        Assert.Empty(fixture.StepFunctions.StopRequests);
    }

    [Fact]
    public async Task HandleAsync_UnknownDetailType_NamesTypeAndFix()
    {
        var fixture = new RunawayJobsFixture();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.InvokeAsync(new System.Text.Json.Nodes.JsonObject { ["detail-type"] = "Object Created" }));

        Assert.Contains("detail-type 'Object Created'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Scheduled Event or a CloudWatch Alarm State Change event", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_InvalidSettings_ReportsEveryProblem()
    {
        var options = RunawayJobsOptions.FromEnvironment(new Dictionary<string, string?>
        {
            ["STATE_MACHINE_ARN"] = StateMachineArn,
            ["METRIC_NAMESPACE"] = "AWS/Pipeline",
            ["MAX_TRAINING_JOB_SECONDS"] = "4h",
            ["MAX_EXECUTION_SECONDS"] = "0",
            ["JOB_SCOPE"] = "Everything",
        });
        var function = new Function(options, new Fakes.FakeStepFunctions(), new Fakes.FakeSageMaker(), new Fakes.FakeCloudWatch(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => function.HandleAsync(ScheduledEvent()));

        Assert.Contains("JOB_SCOPE 'Everything' is invalid. Use Pipeline or Account.", error.Message, StringComparison.Ordinal);
        Assert.Contains("MAX_TRAINING_JOB_SECONDS '4h' is not a positive whole number of seconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("MAX_EXECUTION_SECONDS '0' is not a positive whole number of seconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("METRIC_NAMESPACE 'AWS/Pipeline' starts with AWS/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_Limits_AreSeconds()
    {
        var options = RunawayJobsOptions.FromEnvironment(new Dictionary<string, string?>
        {
            ["STATE_MACHINE_ARN"] = StateMachineArn,
            ["METRIC_NAMESPACE"] = Namespace,
            ["MAX_EXECUTION_SECONDS"] = "7200",
            ["MAX_TRAINING_JOB_SECONDS"] = "600",
            ["JOB_SCOPE"] = "account",
        });

        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.FromHours(2), options.MaxExecutionRuntime);
        Assert.Equal(TimeSpan.FromMinutes(10), options.MaxTrainingJobRuntime);
        Assert.Equal(TimeSpan.FromHours(12), options.MaxTuningJobRuntime);
        Assert.Equal(JobScope.Account, options.Scope);
    }
}
