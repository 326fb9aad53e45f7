using System.Text.Json.Nodes;
using Pipeline.StateMachines.Tests.Support;

namespace Pipeline.StateMachines.Tests.Execution;

// Source: ASL specification "Task State", "Error Handling" (Retrying after error, Fallback states); AWS page "Handling errors in Step Functions workflows".
public sealed class TaskStateTests
{
    private const string Resource = "arn:aws:states:::lambda:invoke";

    [Fact]
    public async Task ExecuteAsync_TaskSucceeds_RecordsTaskEventsAndAppliesResultProcessing()
    {
        var tasks = new ScriptedTasks().Returns(Resource, """{"Payload":{"score":0.9},"StatusCode":200}""");
        const string definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
              "Parameters":{"FunctionName":"f","Payload.$":"$.in"},
              "ResultSelector":{"score.$":"$.Payload.score"},"ResultPath":"$.result","End":true}}}
            """;

        var result = await Harness.RunAsync(definition, """{"in":{"a":1}}""", tasks);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"in":{"a":1},"result":{"score":0.9}}""", result.Output);
        Assert.Equal(
            ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"],
            Harness.Types(result));
        var scheduled = Harness.Details(result.Events[2]);
        Assert.Equal("lambda", scheduled["resourceType"]!.GetValue<string>());
        Assert.Equal("invoke", scheduled["resource"]!.GetValue<string>());
        Assert.Equal("us-east-1", scheduled["region"]!.GetValue<string>());
        Assert.Equal("""{"FunctionName":"f","Payload":{"a":1}}""", scheduled["parameters"]!.GetValue<string>());
        var request = Assert.Single(tasks.Requests);
        Assert.Equal("""{"FunctionName":"f","Payload":{"a":1}}""", request.Parameters!.ToJsonString());
        Assert.Equal("T", request.StateName);
        Assert.Equal(Harness.ExecutionArn, request.ExecutionArn);
        Assert.Equal("T", request.Context["State"]!["Name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExecuteAsync_TaskFailsWithoutHandlers_FailsExecutionWithTaskError()
    {
        var tasks = new ScriptedTasks().Fails(Resource, "SageMaker.AmazonSageMakerException", "bad request");

        var result = await Harness.RunAsync("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}""", "{}", tasks);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("SageMaker.AmazonSageMakerException", result.Error);
        Assert.Equal("bad request", result.Cause);
        Assert.Equal(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "ExecutionFailed"], Harness.Types(result));
        var failed = Harness.Details(result.Events[4]);
        Assert.Equal("SageMaker.AmazonSageMakerException", failed["error"]!.GetValue<string>());
        Assert.Equal("bad request", failed["cause"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExecuteAsync_RetryThenSucceed_SchedulesAgainAfterBackoff()
    {
        var tasks = new ScriptedTasks().Fails(Resource, "Transient", "try again", times: 2, thenJson: """{"ok":true}""");
        const string definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
              "Retry":[{"ErrorEquals":["Transient"],"IntervalSeconds":3,"BackoffRate":2,"MaxAttempts":5}],"End":true}}}
            """;

        var result = await Harness.RunAsync(definition, "{}", tasks);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"ok":true}""", result.Output);
        Assert.Equal(3, tasks.Requests.Count);
        Assert.Equal([0, 1, 2], tasks.Requests.Select(r => r.Context["State"]!["RetryCount"]!.GetValue<int>()));
        var scheduled = result.Events.Where(e => e.Type == "TaskScheduled").Select(e => e.Timestamp).ToArray();
        Assert.Equal(TimeSpan.FromSeconds(3), scheduled[1] - scheduled[0]);
        Assert.Equal(TimeSpan.FromSeconds(6), scheduled[2] - scheduled[1]);
    }

    [Fact]
    public async Task ExecuteAsync_RetriesExhaustedThenCatch_GoesToFallbackWithErrorOutput()
    {
        var tasks = new ScriptedTasks().Fails(Resource, "Boom", "it broke");
        const string definition = """
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":1,"IntervalSeconds":1}],
                "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Recover"}],"End":true},
              "Recover":{"Type":"Pass","End":true}}}
            """;

        var result = await Harness.RunAsync(definition, """{"keep":1}""", tasks);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"keep":1,"error":{"Error":"Boom","Cause":"it broke"}}""", result.Output);
        Assert.Equal(2, tasks.Requests.Count);
    }

    [Fact]
    public async Task ExecuteAsync_MaxAttemptsZero_DoesNotRetry()
    {
        var tasks = new ScriptedTasks().Fails(Resource, "Boom");
        const string definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
              "Retry":[{"ErrorEquals":["Boom"],"MaxAttempts":0}],"End":true}}}
            """;

        var result = await Harness.RunAsync(definition, "{}", tasks);

        Assert.Equal("Boom", result.Error);
        Assert.Single(tasks.Requests);
    }

    [Fact]
    public async Task ExecuteAsync_TaskTimeout_RaisesStatesTimeoutAndTaskTimedOut()
    {
        var tasks = new ScriptedTasks().On(Resource, async (_, _) =>
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            return null;
        });
        const string definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":5,"End":true}}}
            """;

        var result = await Harness.RunAsync(definition, "{}", tasks);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.Timeout", result.Error);
        Assert.Contains("TaskTimedOut", Harness.Types(result));
        Assert.Equal(5, Harness.Details(result.Events[2])["timeoutInSeconds"]!.GetValue<long>());
    }

    [Fact]
    public async Task ExecuteAsync_TaskFailedCatcher_DoesNotCatchTimeout()
    {
        var tasks = new ScriptedTasks().Fails(Resource, "States.Timeout", "slow");
        const string definition = """
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                "Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"Recover"}],"End":true},
              "Recover":{"Type":"Pass","End":true}}}
            """;

        var result = await Harness.RunAsync(definition, "{}", tasks);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.Timeout", result.Error);
    }

    [Fact]
    public async Task ExecuteAsync_RuntimeErrorInTask_IsNotCaughtByStatesAll()
    {
        const string definition = """
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","InputPath":"$.nothing",
                "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Recover"}],"End":true},
              "Recover":{"Type":"Pass","End":true}}}
            """;

        var result = await Harness.RunAsync(definition, "{}", new ScriptedTasks().Returns(Resource, "{}"));

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task ExecuteAsync_WaitForTaskToken_CompletesWithSendTaskSuccess()
    {
        StateMachineInterpreter? interpreter = null;
        var tasks = new ScriptedTasks().On("arn:aws:states:::sqs:sendMessage.waitForTaskToken", (request, attempt) =>
        {
            var token = request.TaskToken!;
            _ = Task.Run(async () =>
            {
                await Task.Delay(20);
                interpreter!.SendTaskSuccess(token, """{"approved":true}""");
            });
            return Task.FromResult<JsonNode?>(JsonNode.Parse("""{"MessageId":"m-1"}"""));
        });
        interpreter = new StateMachineInterpreter(tasks, TimeProvider.System);
        const string definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters":{"MessageBody":{"token.$":"$$.Task.Token"}},"End":true}}}
            """;

        var result = await interpreter.ExecuteAsync(Harness.Request(definition));

        Assert.True(result.Status == ExecutionStatus.Succeeded, result.Error + ": " + result.Cause);
        Assert.Equal("""{"approved":true}""", result.Output);
        Assert.Contains("TaskSubmitted", Harness.Types(result));
        var request = Assert.Single(tasks.Requests);
        Assert.Equal(request.TaskToken, request.Parameters!["MessageBody"]!["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExecuteAsync_SyncHandlerReportsSubmission_RecordsTaskSubmitted()
    {
        const string sync = "arn:aws:states:::sagemaker:createTrainingJob.sync";
        var tasks = new ScriptedTasks().On(sync, async (request, attempt) =>
        {
            await request.ReportSubmittedAsync(JsonNode.Parse("""{"TrainingJobArn":"arn:aws:sagemaker:us-east-1:1:training-job/j"}"""));
            await request.ReportSubmittedAsync(JsonNode.Parse("{}"));
            return JsonNode.Parse("""{"TrainingJobStatus":"Completed"}""");
        });

        var result = await Harness.RunAsync("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sagemaker:createTrainingJob.sync","End":true}}}""", "{}", tasks);

        Assert.Equal(
            ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"],
            Harness.Types(result));
        var submitted = Harness.Details(result.Events[4]);
        Assert.Equal("sagemaker", submitted["resourceType"]!.GetValue<string>());
        Assert.Equal("createTrainingJob.sync", submitted["resource"]!.GetValue<string>());
        Assert.Equal("""{"TrainingJobArn":"arn:aws:sagemaker:us-east-1:1:training-job/j"}""", submitted["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task StopExecution_WhileTaskRuns_AbortsExecution()
    {
        var started = new TaskCompletionSource();
        var tasks = new ScriptedTasks().On(Resource, async (_, _) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            return null;
        });
        var interpreter = new StateMachineInterpreter(tasks, TimeProvider.System);
        var execution = interpreter.ExecuteAsync(Harness.Request("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}"""));
        await started.Task;

        Assert.True(interpreter.StopExecution(Harness.ExecutionArn, "User.Stop", "stopped by test"));
        var result = await execution;

        Assert.Equal(ExecutionStatus.Aborted, result.Status);
        Assert.Equal("TaskStateAborted", result.Events[^2].Type);
        Assert.Equal("ExecutionAborted", result.Events[^1].Type);
        Assert.Equal("User.Stop", Harness.Details(result.Events[^1])["error"]!.GetValue<string>());
    }
}
