using System.Text.Json.Nodes;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker.Training;

/// <summary>Reading and updating job records.</summary>
public sealed partial class TrainingJobService
{
    private static readonly string[] EchoedMembers =
    [
        "HyperParameters", "AlgorithmSpecification", "RoleArn", "InputDataConfig", "OutputDataConfig", "ResourceConfig", "StoppingCondition",
        "VpcConfig", "CheckpointConfig", "Environment", "RetryStrategy", "DebugHookConfig", "ExperimentConfig", "TensorBoardOutputConfig",
    ];

    private string JobArn(string name) => SageMakerArns.Build(_region, _accountId, "training-job", name);

    private JsonObject NewRecord(JsonObject request, TrainingJobRequest job, string? tuningJobArn)
    {
        var now = SageMakerRequest.ToEpochSeconds(_timeProvider.GetUtcNow());
        var record = new JsonObject
        {
            ["TrainingJobName"] = job.TrainingJobName,
            ["TrainingJobArn"] = JobArn(job.TrainingJobName),
        };
        if (tuningJobArn is not null)
        {
            record["TuningJobArn"] = tuningJobArn;
        }

        record["TrainingJobStatus"] = TrainingJobStatuses.InProgress;
        record["SecondaryStatus"] = "Starting";
        foreach (var member in EchoedMembers)
        {
            if (request[member] is { } value)
            {
                record[member] = value.DeepClone();
            }
        }

        record["HyperParameters"] ??= new JsonObject();
        record["EnableNetworkIsolation"] = (bool?)request["EnableNetworkIsolation"] ?? false;
        record["EnableInterContainerTrafficEncryption"] = (bool?)request["EnableInterContainerTrafficEncryption"] ?? false;
        record["EnableManagedSpotTraining"] = (bool?)request["EnableManagedSpotTraining"] ?? false;
        record["CreationTime"] = now;
        record["LastModifiedTime"] = now;
        record["SecondaryStatusTransitions"] = new JsonArray
        {
            new JsonObject { ["Status"] = "Starting", ["StartTime"] = now, ["StatusMessage"] = TrainingJobStatuses.MessageOf("Starting") },
        };
        return record;
    }

    private async Task<JsonObject> GetJobAsync(string nameOrArn, CancellationToken cancellationToken)
    {
        var name = SageMakerArns.ResourceOf(nameOrArn, "training-job");
        var job = name is null ? null : await _store.GetAsync(JobKind, name.ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            throw AwsServiceException.Validation("Requested resource not found.");
        }

        return await ReconcileAsync(job, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks a job Failed when its record shows it running but no thread of this process runs it.</summary>
    private async Task<JsonObject> ReconcileAsync(JsonObject job, CancellationToken cancellationToken)
    {
        var key = ((string)job["TrainingJobName"]!).ToLowerInvariant();
        var status = (string)job["TrainingJobStatus"]!;
        if (TrainingJobStatuses.IsTerminal(status) || _running.ContainsKey(key) || OtherRuntimesAlive())
        {
            return job;
        }

        Log.TrainingJobOrphaned(_logger, (string)job["TrainingJobName"]!, status);
        return await UpdateAsync(key, document =>
        {
            if (!TrainingJobStatuses.IsTerminal((string?)document["TrainingJobStatus"]))
            {
                document["TrainingJobStatus"] = TrainingJobStatuses.Failed;
                document["FailureReason"] = "InternalServerError: The local runtime stopped while this training job was running. Start a new training job.";
                Transition(document, "Failed", "Training job failed");
                document["TrainingEndTime"] = document["LastModifiedTime"]!.DeepClone();
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies a change to the stored record under the update lock and returns a copy of the result.</summary>
    private async Task<JsonObject> UpdateAsync(string key, Action<JsonObject> change, CancellationToken cancellationToken)
    {
        await _updateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var document = await _store.GetAsync(JobKind, key, cancellationToken).ConfigureAwait(false)
                ?? throw AwsServiceException.Validation("Requested resource not found.");
            change(document);
            document["LastModifiedTime"] = SageMakerRequest.ToEpochSeconds(_timeProvider.GetUtcNow());
            await _store.PutAsync(JobKind, key, document, cancellationToken).ConfigureAwait(false);
            return (JsonObject)document.DeepClone();
        }
        finally
        {
            _updateLock.Release();
        }
    }

    /// <summary>Ends the current secondary status and starts <paramref name="status"/>, as SecondaryStatusTransitions records it.</summary>
    private void Transition(JsonObject document, string status, string? message = null)
    {
        var now = SageMakerRequest.ToEpochSeconds(_timeProvider.GetUtcNow());
        var transitions = document["SecondaryStatusTransitions"]!.AsArray();
        if (transitions.Count > 0 && transitions[^1] is JsonObject last && last["EndTime"] is null)
        {
            last["EndTime"] = now;
        }

        var entry = new JsonObject { ["Status"] = status, ["StartTime"] = now, ["StatusMessage"] = message ?? TrainingJobStatuses.MessageOf(status) };
        if (TrainingJobStatuses.IsTerminal(status) || status is "MaxRuntimeExceeded")
        {
            entry["EndTime"] = now;
        }

        transitions.Add(entry);
        document["SecondaryStatus"] = status;
    }

    private static JsonObject Summary(JsonObject job)
    {
        var summary = new JsonObject
        {
            ["TrainingJobName"] = job["TrainingJobName"]!.DeepClone(),
            ["TrainingJobArn"] = job["TrainingJobArn"]!.DeepClone(),
            ["CreationTime"] = job["CreationTime"]!.DeepClone(),
        };
        if (job["TrainingEndTime"] is { } end)
        {
            summary["TrainingEndTime"] = end.DeepClone();
        }

        summary["LastModifiedTime"] = job["LastModifiedTime"]!.DeepClone();
        summary["TrainingJobStatus"] = job["TrainingJobStatus"]!.DeepClone();
        return summary;
    }

    private static DateTimeOffset FromEpochSeconds(decimal seconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
}
