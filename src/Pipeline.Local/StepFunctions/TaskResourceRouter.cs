using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Local.Lambda;
using Pipeline.Local.Services;
using Pipeline.StateMachines;

namespace Pipeline.Local.StepFunctions;

/// <summary>Waits for a job started by a <c>.sync</c> task and returns its final Describe/Get response.</summary>
public delegate Task<JsonObject> SyncJobWaiter(JsonObject request, JsonObject startResponse, CancellationToken cancellationToken);

/// <summary>
/// Serves the Task states' resources with the local services: Lambda functions, the optimized
/// integrations (<c>arn:aws:states:::glue:startJobRun.sync</c>, <c>arn:aws:states:::sagemaker:createTrainingJob.sync</c>, ...)
/// and AWS SDK integrations (<c>arn:aws:states:::aws-sdk:sagemaker:describeEndpoint</c>).
/// </summary>
/// <remarks>
/// Errors follow Step Functions: a failed <c>.sync</c> job raises <c>States.TaskFailed</c> with the job's final
/// description as the cause; an optimized SageMaker call raises <c>SageMaker.AmazonSageMakerException</c>;
/// an SDK integration raises <c>ServiceName.ErrorNameException</c> (the Exception suffix is added when the
/// service's error code lacks it); a Lambda function error raises its errorType with the error payload as the cause.
/// </remarks>
public sealed class TaskResourceRouter : ITaskResourceHandler
{
    private const string ServiceIntegrationPrefix = "arn:aws:states:::";

    private readonly LocalServiceRegistry _registry;
    private readonly LocalLambdaService _lambda;
    private readonly Dictionary<string, (SyncJobWaiter Wait, Func<JsonObject, JsonObject, JsonObject>? StopRequest, string StopOperation)> _syncJobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILogger _logger;

    public TaskResourceRouter(LocalServiceRegistry registry, LocalLambdaService lambda, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(lambda);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _registry = registry;
        _lambda = lambda;
        _logger = loggerFactory.CreateLogger<TaskResourceRouter>();
    }

    /// <summary>
    /// Declares how <c>service:action.sync</c> waits for its job, and which operation stops the job when the
    /// execution is stopped (for example <c>sagemaker:createTrainingJob</c> and <c>StopTrainingJob</c>).
    /// </summary>
    public void AddSyncJob(string serviceAndAction, SyncJobWaiter wait, string stopOperation, Func<JsonObject, JsonObject, JsonObject>? stopRequest)
    {
        _syncJobs[serviceAndAction] = (wait, stopRequest, stopOperation);
    }

    public async Task<JsonNode?> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Log.TaskInvoking(_logger, request.StateName, request.ExecutionArn, request.Resource);
        var parameters = request.Parameters as JsonObject ?? [];
        var resource = request.Resource;
        if (resource.StartsWith("arn:aws:lambda:", StringComparison.Ordinal))
        {
            var result = await InvokeFunctionAsync(resource, parameters.ToJsonString(), cancellationToken).ConfigureAwait(false);
            return ParsePayload(result.Payload);
        }

        if (!resource.StartsWith(ServiceIntegrationPrefix, StringComparison.Ordinal))
        {
            throw new TaskFailedException("States.Runtime", $"The resource '{resource}' is not served by the local runtime. Use a Lambda function ARN or an arn:aws:states::: service integration.");
        }

        var path = resource[ServiceIntegrationPrefix.Length..];
        var pattern = string.Empty;
        foreach (var suffix in new[] { ".sync:2", ".sync", ".waitForTaskToken" })
        {
            if (path.EndsWith(suffix, StringComparison.Ordinal))
            {
                pattern = suffix;
                path = path[..^suffix.Length];
                break;
            }
        }

        if (path.StartsWith("aws-sdk:", StringComparison.Ordinal))
        {
            return await InvokeSdkAsync(path["aws-sdk:".Length..], parameters, cancellationToken).ConfigureAwait(false);
        }

        var colon = path.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new TaskFailedException("States.Runtime", $"The resource '{resource}' is not a valid service integration ARN.");
        }

        var (service, action) = (path[..colon], path[(colon + 1)..]);
        if (service == "lambda" && action == "invoke")
        {
            return await InvokeLambdaIntegrationAsync(parameters, cancellationToken).ConfigureAwait(false);
        }

        var (signingName, errorPrefix) = ServiceNames(service);
        var operation = char.ToUpperInvariant(action[0]) + action[1..];
        JsonObject response;
        try
        {
            response = await _registry.InvokeAsync(signingName, operation, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            var error = service == "sagemaker" ? "SageMaker.AmazonSageMakerException" : $"{errorPrefix}.{WithExceptionSuffix(ex.ErrorCode)}";
            throw new TaskFailedException(error, $"{ex.Message} (Service: {errorPrefix}, Status Code: {(int)ex.StatusCode}, Error Code: {ex.ErrorCode})");
        }

        if (pattern is ".sync" or ".sync:2" && _syncJobs.TryGetValue($"{service}:{action}", out var job))
        {
            // Step Functions records TaskSubmitted with the start call's response before it waits for the job.
            await request.ReportSubmittedAsync(response).ConfigureAwait(false);
            return await WaitForJobAsync(service, job, parameters, response, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private async Task<JsonNode?> WaitForJobAsync(
        string service,
        (SyncJobWaiter Wait, Func<JsonObject, JsonObject, JsonObject>? StopRequest, string StopOperation) job,
        JsonObject parameters,
        JsonObject startResponse,
        CancellationToken cancellationToken)
    {
        JsonObject final;
        try
        {
            final = await job.Wait(parameters, startResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping an execution stops the job its .sync task started, as Step Functions does.
            if (job.StopRequest is not null)
            {
                var (signingName, _) = ServiceNames(service);
                await _registry.InvokeAsync(signingName, job.StopOperation, job.StopRequest(parameters, startResponse), CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }

        var status = final["TrainingJobStatus"] ?? final["JobRunState"] ?? final["HyperParameterTuningJobStatus"] ?? final["TransformJobStatus"];
        var statusText = status?.GetValue<string>();
        if (statusText is "Failed" or "Stopped" or "FAILED" or "STOPPED" or "TIMEOUT" or "ERROR")
        {
            throw new TaskFailedException("States.TaskFailed", final.ToJsonString());
        }

        return final;
    }

    private async Task<JsonNode?> InvokeSdkAsync(string serviceAndAction, JsonObject parameters, CancellationToken cancellationToken)
    {
        var colon = serviceAndAction.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new TaskFailedException("States.Runtime", $"The SDK integration '{serviceAndAction}' must be aws-sdk:SERVICE:ACTION.");
        }

        var (service, action) = (serviceAndAction[..colon], serviceAndAction[(colon + 1)..]);
        var (signingName, errorPrefix) = ServiceNames(service);
        var operation = char.ToUpperInvariant(action[0]) + action[1..];
        if (!_registry.Contains(signingName, operation))
        {
            throw new TaskFailedException($"{errorPrefix}.UnknownOperationException", $"The local runtime does not serve {service}:{action}.");
        }

        try
        {
            return await _registry.InvokeAsync(signingName, operation, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            throw new TaskFailedException($"{errorPrefix}.{WithExceptionSuffix(ex.ErrorCode)}", $"{ex.Message} (Service: {errorPrefix}, Status Code: {(int)ex.StatusCode}, Error Code: {ex.ErrorCode})");
        }
    }

    private async Task<JsonNode?> InvokeLambdaIntegrationAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        var functionName = parameters["FunctionName"]?.GetValue<string>()
            ?? throw new TaskFailedException("States.Runtime", "The lambda:invoke task has no FunctionName parameter.");
        var payload = parameters["Payload"] switch
        {
            null => "{}",
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            var node => node.ToJsonString(),
        };
        var result = await InvokeFunctionAsync(functionName, payload, cancellationToken).ConfigureAwait(false);

        // The optimized integration wraps the function's result with the Invoke API's response fields.
        return new JsonObject
        {
            ["ExecutedVersion"] = result.ExecutedVersion,
            ["Payload"] = ParsePayload(result.Payload),
            ["SdkHttpMetadata"] = new JsonObject
            {
                ["HttpHeaders"] = new JsonObject { ["X-Amz-Executed-Version"] = result.ExecutedVersion, ["x-amzn-RequestId"] = result.RequestId },
                ["HttpStatusCode"] = result.StatusCode,
            },
            ["SdkResponseMetadata"] = new JsonObject { ["RequestId"] = result.RequestId },
            ["StatusCode"] = result.StatusCode,
        };
    }

    private async Task<LambdaInvocationResult> InvokeFunctionAsync(string functionName, string payload, CancellationToken cancellationToken)
    {
        LambdaInvocationResult result;
        try
        {
            result = await _lambda.InvokeAsync(functionName, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            throw new TaskFailedException($"Lambda.{WithExceptionSuffix(ex.ErrorCode)}", ex.Message);
        }

        if (result.FunctionError is not null)
        {
            var errorType = JsonNode.Parse(result.Payload)?["errorType"]?.GetValue<string>() ?? "Lambda.Unknown";
            throw new TaskFailedException(errorType, result.Payload);
        }

        return result;
    }

    private static JsonNode? ParsePayload(string payload)
    {
        try
        {
            return JsonNode.Parse(payload);
        }
        catch (JsonException)
        {
            return JsonValue.Create(payload);
        }
    }

    private static (string SigningName, string ErrorPrefix) ServiceNames(string service) => service switch
    {
        "sagemaker" => ("sagemaker", "SageMaker"),
        "glue" => ("glue", "Glue"),
        "lambda" => ("lambda", "Lambda"),
        "sfn" or "states" => ("states", "Sfn"),
        "cloudwatch" => ("monitoring", "CloudWatch"),
        "cloudwatchlogs" => ("logs", "CloudWatchLogs"),
        "eventbridge" => ("events", "EventBridge"),
        _ => (service, char.ToUpperInvariant(service[0]) + service[1..]),
    };

    private static string WithExceptionSuffix(string errorCode) =>
        errorCode.EndsWith("Exception", StringComparison.Ordinal) ? errorCode : errorCode + "Exception";
}
