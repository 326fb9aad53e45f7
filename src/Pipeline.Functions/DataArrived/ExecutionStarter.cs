using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Aws;
using Pipeline.Aws.StepFunctions;
using Pipeline.Aws.Storage;
using Pipeline.Functions.Configuration;

namespace Pipeline.Functions.DataArrived;

/// <summary>The result of one start request: the execution's ARN, and whether this request started it.</summary>
internal readonly record struct StartResult(bool Started, string ExecutionArn);

/// <summary>
/// Starts one retraining execution for one data object: reads the dataset configuration, derives the
/// deterministic names, builds the execution input and calls StartExecution. DataArrived and the scheduled
/// retraining share it, so both give the state machine the same input for the same object.
/// </summary>
internal sealed class ExecutionStarter
{
    private readonly DataArrivedOptions _options;
    private readonly Lazy<IObjectStorageClient> _storage;
    private readonly Lazy<IStepFunctionsClient> _stepFunctions;
    private readonly TimeProvider _timeProvider;

    public ExecutionStarter(DataArrivedOptions options, Lazy<IObjectStorageClient> storage, Lazy<IStepFunctionsClient> stepFunctions, TimeProvider timeProvider)
    {
        _options = options;
        _storage = storage;
        _stepFunctions = stepFunctions;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Starts the execution for <paramref name="source"/>. An execution of the same name that already exists
    /// counts as not started, with its ARN.
    /// </summary>
    /// <param name="scheduleId">
    /// For a scheduled run, the identity of the schedule's invocation (rule and scheduled time). It makes the
    /// execution name differ from the one an S3 event gives the same object. Null keeps the S3 event's name.
    /// </param>
    /// <param name="trigger">An object added to the input as <c>trigger</c>; null adds nothing.</param>
    /// <exception cref="DatasetConfigurationException">The configuration is missing or invalid.</exception>
    public async Task<StartResult> StartAsync(string dataset, SourceObject source, string? scheduleId, JsonObject? trigger, CancellationToken cancellationToken)
    {
        var (configuration, configurationText) = await LoadConfigurationAsync(source.Bucket, dataset, cancellationToken).ConfigureAwait(false);
        var runHash = ExecutionNames.RunHash(ExecutionNames.ObjectHash(source.Bucket, source.Key, source.VersionId ?? source.ETag), configurationText);
        var nameHash = scheduleId is null ? runHash : ExecutionNames.ScheduledRunHash(runHash, scheduleId);
        var executionName = ExecutionNames.ExecutionName(dataset, nameHash);

        // The clock, not the event time, stamps the training job: a redelivered event then carries another
        // input, so Step Functions raises ExecutionAlreadyExists instead of returning the running execution.
        var trainingJobName = ExecutionNames.TrainingJobName(dataset, _timeProvider.GetUtcNow(), nameHash);
        var input = ExecutionInput.Build(dataset, source, configuration, executionName, trainingJobName);
        if (trigger is not null)
        {
            input["trigger"] = trigger;
        }

        try
        {
            var response = await _stepFunctions.Value.StartExecutionAsync(
                new StartExecutionRequest { StateMachineArn = _options.StateMachineArn!, Name = executionName, Input = input.ToJsonString() },
                cancellationToken).ConfigureAwait(false);
            return new StartResult(true, response.ExecutionArn);
        }
        catch (AwsServiceErrorException exception) when (exception.ErrorCode == StepFunctionsErrorCodes.ExecutionAlreadyExists)
        {
            return new StartResult(false, Function.ExecutionArn(_options.StateMachineArn!, executionName));
        }
    }

    private async Task<(DatasetConfiguration Configuration, string Text)> LoadConfigurationAsync(string bucket, string dataset, CancellationToken cancellationToken)
    {
        var configKey = _options.ConfigPrefix + dataset + ".json";
        var source = $"s3://{bucket}/{configKey}";
        string text;
        try
        {
            text = await _storage.Value.GetObjectTextAsync(bucket, configKey, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceErrorException exception) when (exception.StatusCode == HttpStatusCode.NotFound || exception.ErrorCode == "NoSuchKey")
        {
            throw new DatasetConfigurationException(
                $"The dataset configuration {source} was not found. Upload a JSON file there with at least {{\"preprocessing\": {{\"target\": \"<label column>\"}}}}, then upload the data file again.",
                exception);
        }

        return (DatasetConfiguration.Parse(text, dataset, source, _options.Region, _options.DefaultTrainingImage), text);
    }
}
