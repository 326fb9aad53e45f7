using System.Text.Json.Nodes;
using Pipeline.Functions.Configuration;
using Pipeline.Local.StepFunctions;
using Pipeline.Local.Storage;
using Pipeline.StateMachines;

namespace Pipeline.Local;

/// <summary>The outcome of dropping one data file into the local bucket.</summary>
/// <param name="HandlerResponse">What the subscribed function returned: the executions it started, duplicates and skipped keys.</param>
/// <param name="FailedState">For a failed execution, the state whose error ended it.</param>
public sealed record DatasetRunResult(
    ObjectInfo StoredObject,
    JsonObject? HandlerResponse,
    ExecutionRecord? Execution,
    IReadOnlyList<HistoryEvent> History,
    string? FailedState);

/// <summary>A problem with a <c>run</c> request that the user can fix: a missing file or configuration, a skipped key.</summary>
public sealed class DatasetRunException : Exception
{
    public DatasetRunException(string message)
        : base(message)
    {
    }

    public DatasetRunException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DatasetRunException()
    {
    }
}

public sealed partial class LocalRuntime
{
    /// <summary>
    /// Puts a data file at <c>incoming/DATASET/FILE</c> in the data bucket, uploading the dataset's configuration
    /// first when the bucket lacks it, then waits for the execution the S3 event starts.
    /// </summary>
    /// <param name="configurationPath">The configuration to upload when <c>config/DATASET.json</c> is missing; default: <c>config.json</c> beside the file.</param>
    /// <param name="progress">Receives each state the execution enters.</param>
    public async Task<DatasetRunResult> RunDatasetFileAsync(
        string filePath,
        string dataset,
        string? configurationPath = null,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        if (!File.Exists(filePath))
        {
            throw new DatasetRunException($"The data file '{filePath}' does not exist.");
        }

        if (!SageMakerNames.IsValidDatasetName(dataset))
        {
            throw new DatasetRunException($"The dataset name '{dataset}' is invalid: {SageMakerNames.DatasetNameRule}, because it becomes part of SageMaker resource names.");
        }

        await EnsureConfigurationAsync(filePath, dataset, configurationPath, cancellationToken).ConfigureAwait(false);
        var key = $"incoming/{dataset}/{Path.GetFileName(filePath)}";
        ObjectInfo info;
        await using (var content = File.OpenRead(filePath))
        {
            info = await Objects.PutObjectAsync(DataBucket, key, content, cancellationToken).ConfigureAwait(false);
        }

        progress?.Report($"put s3://{DataBucket}/{key} ({info.Size} bytes)");
        var deliveries = await Events.WaitForDeliveriesAsync(info, cancellationToken).ConfigureAwait(false);
        if (deliveries.Count == 0)
        {
            throw new DatasetRunException($"No function of {Template.Path} is subscribed to s3://{DataBucket}/{key}. Check the S3 event's prefix and suffix rules.");
        }

        var delivery = deliveries[0];
        if (delivery.Result.FunctionError is not null)
        {
            var error = JsonNode.Parse(delivery.Result.Payload);
            throw new DatasetRunException($"{delivery.FunctionName} failed on s3://{DataBucket}/{key} after {delivery.Attempts} attempts: {error?["errorMessage"] ?? delivery.Result.Payload}");
        }

        var response = JsonNode.Parse(delivery.Result.Payload) as JsonObject;
        var executionArn = FirstString(response?["started"]) ?? FirstString(response?["duplicates"]);
        if (executionArn is null)
        {
            var reason = (response?["skipped"] as JsonArray)?.FirstOrDefault()?["reason"]?.ToString() ?? "the function started no execution";
            throw new DatasetRunException($"s3://{DataBucket}/{key} started no execution: {reason}");
        }

        progress?.Report($"execution {executionArn}");
        var execution = await WaitWithProgressAsync(executionArn, progress, cancellationToken).ConfigureAwait(false);
        var history = await StepFunctions.GetHistoryAsync(executionArn, cancellationToken).ConfigureAwait(false);
        return new DatasetRunResult(info, response, execution, history, execution.Status == "SUCCEEDED" ? null : FindFailedState(history));
    }

    /// <summary>
    /// Returns the state whose failure ended an execution: the state that raised the error a Catch led to a Fail
    /// state with, or the Fail state itself when no error led there. An error that a Catch handled before the
    /// execution went on to other states is not the end.
    /// </summary>
    public static string? FindFailedState(IReadOnlyList<HistoryEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        string? lastEntered = null;
        string? failed = null;
        foreach (var historyEvent in history)
        {
            var json = historyEvent.ToJson();
            if (historyEvent.Type.EndsWith("StateEntered", StringComparison.Ordinal))
            {
                lastEntered = json["stateEnteredEventDetails"]?["name"]?.GetValue<string>() ?? lastEntered;
                if (historyEvent.Type != "FailStateEntered")
                {
                    failed = null;
                }
            }
            else if (historyEvent.Type is not "ExecutionFailed" and not "ExecutionTimedOut" and not "ExecutionAborted"
                && (historyEvent.Type.EndsWith("Failed", StringComparison.Ordinal) || historyEvent.Type.EndsWith("TimedOut", StringComparison.Ordinal)))
            {
                failed ??= lastEntered;
            }
        }

        return failed ?? lastEntered;
    }

    private async Task EnsureConfigurationAsync(string filePath, string dataset, string? configurationPath, CancellationToken cancellationToken)
    {
        var configKey = $"config/{dataset}.json";
        if (await Objects.HeadObjectAsync(DataBucket, configKey, cancellationToken).ConfigureAwait(false) is not null && configurationPath is null)
        {
            // Check the stored configuration now: a bad one would fail every delivery attempt of the data file.
            await using var stored = await Objects.GetObjectAsync(DataBucket, configKey, cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stored);
            Validate(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false), dataset, $"s3://{DataBucket}/{configKey}");
            return;
        }

        var path = configurationPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(filePath))!, "config.json");
        if (!File.Exists(path))
        {
            throw new DatasetRunException($"The bucket has no {configKey} and there is no configuration at '{path}'. Write one (see samples/breast-cancer/config.json) or pass --config FILE.");
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        Validate(text, dataset, path);

        await using var content = File.OpenRead(path);
        await Objects.PutObjectAsync(DataBucket, configKey, content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks a dataset configuration with the rules DataArrived applies, before anything is uploaded.</summary>
    private void Validate(string text, string dataset, string source)
    {
        try
        {
            _ = DatasetConfiguration.Parse(text, dataset, source, Template.Environment.Region);
        }
        catch (DatasetConfigurationException ex)
        {
            throw new DatasetRunException(ex.Message.Replace(" and upload the data file again", " and run again", StringComparison.Ordinal), ex);
        }
    }

    private async Task<ExecutionRecord> WaitWithProgressAsync(string executionArn, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var wait = StepFunctions.WaitForExecutionAsync(executionArn, cancellationToken);
        long reported = 0;
        while (true)
        {
            var finished = await Task.WhenAny(wait, Task.Delay(TimeSpan.FromMilliseconds(250), Options.TimeProvider, cancellationToken)).ConfigureAwait(false);
            if (progress is not null)
            {
                foreach (var historyEvent in await StepFunctions.GetHistoryAsync(executionArn, cancellationToken).ConfigureAwait(false))
                {
                    if (historyEvent.Id > reported)
                    {
                        reported = historyEvent.Id;
                        if (historyEvent.Type.EndsWith("StateEntered", StringComparison.Ordinal))
                        {
                            progress.Report($"state {historyEvent.ToJson()["stateEnteredEventDetails"]?["name"]}");
                        }
                    }
                }
            }

            if (finished == wait)
            {
                return await wait.ConfigureAwait(false);
            }
        }
    }

    private static string? FirstString(JsonNode? node) =>
        node is JsonArray { Count: > 0 } array ? array[0]?.GetValue<string>() : null;
}
