using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Local.Lambda;
using Pipeline.Local.Services;
using Pipeline.Local.StepFunctions;
using Pipeline.Local.Template;
using Pipeline.StateMachines;

namespace Pipeline.Local.Tests.StepFunctions;

public sealed class TaskResourceRouterTests
{
    private readonly LocalServiceRegistry _registry = new();

    private TaskResourceRouter CreateRouter()
    {
        var lambda = new LocalLambdaService([], new Dictionary<string, string>(), TimeProvider.System, NullLoggerFactory.Instance);
        return new TaskResourceRouter(_registry, lambda, NullLoggerFactory.Instance);
    }

    private static TaskRequest Request(string resource, JsonObject? parameters = null) =>
        new(resource, parameters ?? [], "arn:aws:states:us-east-1:000000000000:execution:m:e", "State", [], null, null, null);

    [Fact]
    public async Task InvokeAsync_SdkIntegration_CallsPascalCaseOperation()
    {
        JsonObject? received = null;
        _registry.Register("sagemaker", "DescribeEndpoint", (request, _) =>
        {
            received = request;
            return Task.FromResult(new JsonObject { ["EndpointStatus"] = "InService" });
        });

        var result = await CreateRouter().InvokeAsync(Request("arn:aws:states:::aws-sdk:sagemaker:describeEndpoint", new JsonObject { ["EndpointName"] = "e" }), CancellationToken.None);

        Assert.Equal("InService", result!["EndpointStatus"]!.GetValue<string>());
        Assert.Equal("e", received!["EndpointName"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_SdkIntegrationError_NamesServiceAndException()
    {
        _registry.Register("sagemaker", "DescribeEndpoint", (_, _) => throw new AwsServiceException("ValidationException", "Could not find endpoint."));

        var error = await Assert.ThrowsAsync<TaskFailedException>(() =>
            CreateRouter().InvokeAsync(Request("arn:aws:states:::aws-sdk:sagemaker:describeEndpoint"), CancellationToken.None));

        Assert.Equal("SageMaker.ValidationException", error.Error);
        Assert.Contains("Could not find endpoint.", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_SdkErrorWithoutSuffix_AddsExceptionSuffix()
    {
        _registry.Register("sagemaker", "CreateModelPackageGroup", (_, _) => throw new AwsServiceException("ResourceLimitExceeded", "Too many groups."));

        var error = await Assert.ThrowsAsync<TaskFailedException>(() =>
            CreateRouter().InvokeAsync(Request("arn:aws:states:::aws-sdk:sagemaker:createModelPackageGroup"), CancellationToken.None));

        Assert.Equal("SageMaker.ResourceLimitExceededException", error.Error);
    }

    [Fact]
    public async Task InvokeAsync_OptimizedSageMakerError_IsAmazonSageMakerException()
    {
        _registry.Register("sagemaker", "CreateModel", (_, _) => throw new AwsServiceException("ValidationException", "Model name exists."));

        var error = await Assert.ThrowsAsync<TaskFailedException>(() =>
            CreateRouter().InvokeAsync(Request("arn:aws:states:::sagemaker:createModel"), CancellationToken.None));

        Assert.Equal("SageMaker.AmazonSageMakerException", error.Error);
    }

    [Fact]
    public async Task InvokeAsync_SyncJobFails_RaisesTaskFailedWithDescription()
    {
        _registry.Register("glue", "StartJobRun", (_, _) => Task.FromResult(new JsonObject { ["JobRunId"] = "jr_1" }));
        var router = CreateRouter();
        router.AddSyncJob(
            "glue:startJobRun",
            (_, start, _) => Task.FromResult(new JsonObject { ["Id"] = start["JobRunId"]!.GetValue<string>(), ["JobRunState"] = "FAILED", ["ErrorMessage"] = "line 3 is ragged" }),
            "BatchStopJobRun",
            null);

        var error = await Assert.ThrowsAsync<TaskFailedException>(() =>
            router.InvokeAsync(Request("arn:aws:states:::glue:startJobRun.sync", new JsonObject { ["JobName"] = "j" }), CancellationToken.None));

        Assert.Equal("States.TaskFailed", error.Error);
        Assert.Contains("line 3 is ragged", error.Cause, StringComparison.Ordinal);
        Assert.Contains("jr_1", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_SyncJobSucceeds_ReturnsFinalDescription()
    {
        _registry.Register("glue", "StartJobRun", (_, _) => Task.FromResult(new JsonObject { ["JobRunId"] = "jr_2" }));
        var router = CreateRouter();
        router.AddSyncJob("glue:startJobRun", (_, _, _) => Task.FromResult(new JsonObject { ["JobRunState"] = "SUCCEEDED" }), "BatchStopJobRun", null);

        var result = await router.InvokeAsync(Request("arn:aws:states:::glue:startJobRun.sync"), CancellationToken.None);

        Assert.Equal("SUCCEEDED", result!["JobRunState"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_SyncJobCanceled_StopsTheJob()
    {
        JsonObject? stopRequest = null;
        _registry.Register("sagemaker", "CreateTrainingJob", (_, _) => Task.FromResult(new JsonObject { ["TrainingJobArn"] = "arn" }));
        _registry.Register("sagemaker", "StopTrainingJob", (request, _) =>
        {
            stopRequest = request;
            return Task.FromResult(new JsonObject());
        });
        var router = CreateRouter();
        router.AddSyncJob(
            "sagemaker:createTrainingJob",
            async (_, _, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                return [];
            },
            "StopTrainingJob",
            (request, _) => new JsonObject { ["TrainingJobName"] = request["TrainingJobName"]!.GetValue<string>() });
        using var cancellation = new CancellationTokenSource();

        var task = router.InvokeAsync(Request("arn:aws:states:::sagemaker:createTrainingJob.sync", new JsonObject { ["TrainingJobName"] = "job-1" }), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Equal("job-1", stopRequest!["TrainingJobName"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_UnknownFunction_RaisesLambdaResourceNotFound()
    {
        var error = await Assert.ThrowsAsync<TaskFailedException>(() =>
            CreateRouter().InvokeAsync(Request("arn:aws:states:::lambda:invoke", new JsonObject { ["FunctionName"] = "missing" }), CancellationToken.None));

        Assert.Equal("Lambda.ResourceNotFoundException", error.Error);
    }

    [Fact]
    public async Task InvokeAsync_UnsupportedResource_RaisesRuntimeError()
    {
        var error = await Assert.ThrowsAsync<TaskFailedException>(() =>
            CreateRouter().InvokeAsync(Request("arn:aws:sns:us-east-1:000000000000:topic"), CancellationToken.None));

        Assert.Equal("States.Runtime", error.Error);
    }
}
