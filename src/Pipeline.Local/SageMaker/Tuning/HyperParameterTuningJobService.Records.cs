using System.Text.Json.Nodes;
using Pipeline.Learning.Tuning;
using Pipeline.Local.SageMaker.Training;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker.Tuning;

/// <summary>Tuning job records: counters, the best training job and the training job summaries.</summary>
public sealed partial class HyperParameterTuningJobService
{
    /// <summary>Lists the training jobs a tuning job launched (<c>ListTrainingJobsForHyperParameterTuningJob</c>).</summary>
    public async Task<JsonObject> ListTrainingJobsForHyperParameterTuningJobAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var job = await GetJobAsync(SageMakerRequest.RequiredString(request, "HyperParameterTuningJobName"), cancellationToken).ConfigureAwait(false);
        var status = SageMakerRequest.OptionalEnum(request, "StatusEquals", "InProgress", "Completed", "Failed", "Stopping", "Stopped");
        var sortBy = SageMakerRequest.OptionalEnum(request, "SortBy", "Name", "CreationTime", "Status", "FinalObjectiveMetricValue") ?? "Name";
        var descending = (SageMakerRequest.OptionalEnum(request, "SortOrder", "Ascending", "Descending") ?? "Ascending") == "Descending";
        var maxResults = SageMakerRequest.OptionalInt(request, "MaxResults", 1, 100) ?? ListQuery.DefaultMaxResults;

        var summaries = (await TrialSummariesAsync(job, cancellationToken).ConfigureAwait(false))
            .Where(summary => status is null || (string?)summary["TrainingJobStatus"] == status)
            .ToList();
        var ordered = sortBy switch
        {
            "CreationTime" => summaries.OrderBy(summary => (decimal)summary["CreationTime"]!).ToList(),
            "Status" => summaries.OrderBy(summary => (string)summary["TrainingJobStatus"]!, StringComparer.Ordinal).ToList(),
            "FinalObjectiveMetricValue" => summaries.OrderBy(summary => (double?)summary["FinalHyperParameterTuningJobObjectiveMetric"]?["Value"] ?? double.NegativeInfinity).ToList(),
            _ => summaries.OrderBy(summary => (string)summary["TrainingJobName"]!, StringComparer.Ordinal).ToList(),
        };
        if (descending)
        {
            ordered.Reverse();
        }

        var (page, next) = PageToken.Slice(ordered, SageMakerRequest.OptionalString(request, "NextToken"), maxResults);
        var response = new JsonObject { ["TrainingJobSummaries"] = new JsonArray(page.Select(summary => (JsonNode)summary).ToArray()) };
        PageToken.AddTo(response, next);
        return response;
    }

    private async Task<List<JsonObject>> TrialSummariesAsync(JsonObject tuningJob, CancellationToken cancellationToken)
    {
        var arn = (string)tuningJob["HyperParameterTuningJobArn"]!;
        var config = tuningJob["HyperParameterTuningJobConfig"]!;
        var metricName = (string)config["HyperParameterTuningJobObjective"]!["MetricName"]!;
        var type = (string)config["HyperParameterTuningJobObjective"]!["Type"]!;
        var tuned = TunedNames(config);
        var summaries = new List<JsonObject>();
        foreach (var stored in await _store.ListAsync(TrainingJobService.JobKind, cancellationToken).ConfigureAwait(false))
        {
            if ((string?)stored["TuningJobArn"] != arn)
            {
                continue;
            }

            var trial = await _trainingJobs.DescribeTrainingJobAsync(new JsonObject { ["TrainingJobName"] = stored["TrainingJobName"]!.DeepClone() }, cancellationToken).ConfigureAwait(false);
            summaries.Add(TrialSummary(trial, tuningJob, tuned, metricName, type));
        }

        return summaries;
    }

    private static JsonObject TrialSummary(JsonObject trial, JsonObject tuningJob, HashSet<string> tuned, string metricName, string type)
    {
        var status = (string)trial["TrainingJobStatus"]!;
        var summary = new JsonObject
        {
            ["TrainingJobName"] = trial["TrainingJobName"]!.DeepClone(),
            ["TrainingJobArn"] = trial["TrainingJobArn"]!.DeepClone(),
            ["TuningJobName"] = tuningJob["HyperParameterTuningJobName"]!.DeepClone(),
            ["CreationTime"] = trial["CreationTime"]!.DeepClone(),
            ["TrainingJobStatus"] = status,
        };
        foreach (var member in new[] { "TrainingStartTime", "TrainingEndTime", "FailureReason" })
        {
            if (trial[member] is { } value)
            {
                summary[member] = value.DeepClone();
            }
        }

        var hyperParameters = new JsonObject();
        foreach (var (name, value) in trial["HyperParameters"]!.AsObject())
        {
            if (tuned.Contains(name))
            {
                hyperParameters[name] = value!.DeepClone();
            }
        }

        summary["TunedHyperParameters"] = hyperParameters;
        var objective = ObjectiveValue(trial, metricName);
        if (objective is { } objectiveValue)
        {
            summary["FinalHyperParameterTuningJobObjectiveMetric"] = new JsonObject { ["Type"] = type, ["MetricName"] = metricName, ["Value"] = objectiveValue };
        }

        var objectiveStatus = "Succeeded";
        if (status is TrainingJobStatuses.InProgress or TrainingJobStatuses.Stopping)
        {
            objectiveStatus = "Pending";
        }
        else if (objective is null)
        {
            objectiveStatus = "Failed";
        }

        summary["ObjectiveStatus"] = objectiveStatus;
        return summary;
    }

    private static HashSet<string> TunedNames(JsonNode config)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (config["ParameterRanges"] is JsonObject ranges)
        {
            foreach (var (_, list) in ranges)
            {
                foreach (var range in list?.AsArray() ?? [])
                {
                    names.Add((string)range!["Name"]!);
                }
            }
        }

        if ((string?)config["Strategy"] == "Hyperband")
        {
            names.Add("num_round");
            names.Add("num_boost_round");
        }

        return names;
    }

    /// <summary>Recomputes the counters and the best training job from the trials.</summary>
    private async Task RefreshAsync(string key, CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(JobKind, key, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return;
        }

        var summaries = await TrialSummariesAsync(stored, cancellationToken).ConfigureAwait(false);
        await UpdateAsync(key, document =>
        {
            ApplySummaries(document, summaries);
            SetConsumedResources(document);
            if (_running.TryGetValue(key, out var running))
            {
                SetOverallBest(document, running);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Classifies a failed trial as TrainingJobStatusCounters documents it: a trial can be retried only when it
    /// failed because of an internal service error (FailureReason "InternalServerError: ..."). ClientError and
    /// AlgorithmError failures cannot.
    /// </summary>
    internal static bool IsRetryable(string? failureReason) =>
        failureReason is not null && failureReason.StartsWith("InternalServerError", StringComparison.Ordinal);

    internal static void ApplySummaries(JsonObject document, List<JsonObject> summaries)
    {
        int Count(string status) => summaries.Count(summary => (string?)summary["TrainingJobStatus"] == status);
        document["TrainingJobStatusCounters"] = Counters(
            Count(TrainingJobStatuses.Completed),
            Count(TrainingJobStatuses.InProgress) + Count(TrainingJobStatuses.Stopping),
            summaries.Count(summary => (string?)summary["TrainingJobStatus"] == TrainingJobStatuses.Failed && IsRetryable((string?)summary["FailureReason"])),
            summaries.Count(summary => (string?)summary["TrainingJobStatus"] == TrainingJobStatuses.Failed && !IsRetryable((string?)summary["FailureReason"])),
            Count(TrainingJobStatuses.Stopped));
        document["ObjectiveStatusCounters"] = new JsonObject
        {
            ["Succeeded"] = summaries.Count(summary => (string?)summary["ObjectiveStatus"] == "Succeeded"),
            ["Pending"] = summaries.Count(summary => (string?)summary["ObjectiveStatus"] == "Pending"),
            ["Failed"] = summaries.Count(summary => (string?)summary["ObjectiveStatus"] == "Failed"),
        };

        var maximize = (string?)document["HyperParameterTuningJobConfig"]!["HyperParameterTuningJobObjective"]!["Type"] == "Maximize";
        var scored = summaries.Where(summary => (string?)summary["ObjectiveStatus"] == "Succeeded").ToList();
        if (scored.Count > 0)
        {
            var best = maximize
                ? scored.MaxBy(summary => (double)summary["FinalHyperParameterTuningJobObjectiveMetric"]!["Value"]!)
                : scored.MinBy(summary => (double)summary["FinalHyperParameterTuningJobObjectiveMetric"]!["Value"]!);
            document["BestTrainingJob"] = best!.DeepClone();
        }
    }

    private async Task FinishAsync(string key, RunningTuningJob running, List<TrialResult> results, string? failure, bool stopped)
    {
        await RefreshAsync(key, CancellationToken.None).ConfigureAwait(false);
        var final = await UpdateAsync(key, document =>
        {
            var succeeded = (int)document["ObjectiveStatusCounters"]!["Succeeded"]!;
            if (failure is null && !stopped && succeeded == 0 && results.Count > 0)
            {
                failure = "All training jobs failed. See FailureReason of the training jobs (ListTrainingJobsForHyperParameterTuningJob) for the cause.";
            }

            document["HyperParameterTuningJobStatus"] = stopped ? "Stopped" : "Completed";
            if (failure is not null)
            {
                document["HyperParameterTuningJobStatus"] = "Failed";
                document["FailureReason"] = failure;
            }

            document["HyperParameterTuningEndTime"] = SageMakerRequest.ToEpochSeconds(_timeProvider.GetUtcNow());
            document["TuningJobCompletionDetails"] = CompletionDetails(running);
            SetConsumedResources(document);
        }, CancellationToken.None).ConfigureAwait(false);
        Log.TuningJobEnded(_logger, running.Request.Name, (string)final["HyperParameterTuningJobStatus"]!, (string?)final["BestTrainingJob"]?["TrainingJobName"]);
    }

    private async Task<JsonObject> GetJobAsync(string nameOrArn, CancellationToken cancellationToken)
    {
        var name = SageMakerArns.ResourceOf(nameOrArn, "hyper-parameter-tuning-job") ?? nameOrArn;
        var job = await _store.GetAsync(JobKind, name.ToLowerInvariant(), cancellationToken).ConfigureAwait(false)
            ?? throw new AwsServiceException("ResourceNotFound", $"Amazon SageMaker can't find a tuning job with name {name}");
        return await ReconcileAsync(job, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonObject> ReconcileAsync(JsonObject job, CancellationToken cancellationToken)
    {
        var key = ((string)job["HyperParameterTuningJobName"]!).ToLowerInvariant();
        var status = (string)job["HyperParameterTuningJobStatus"]!;
        if (status is not ("InProgress" or "Stopping") || _running.ContainsKey(key) || OtherRuntimesAlive())
        {
            return job;
        }

        return await UpdateAsync(key, document =>
        {
            document["HyperParameterTuningJobStatus"] = "Failed";
            document["FailureReason"] = "InternalServerError: The local runtime stopped while this tuning job was running. Start a new tuning job.";
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonObject> UpdateAsync(string key, Action<JsonObject> change, CancellationToken cancellationToken)
    {
        await _updateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var document = await _store.GetAsync(JobKind, key, cancellationToken).ConfigureAwait(false)
                ?? throw new AwsServiceException("ResourceNotFound", $"Amazon SageMaker can't find a tuning job with name {key}");
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
}
