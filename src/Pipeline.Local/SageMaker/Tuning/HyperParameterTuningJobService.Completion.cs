using System.Text.Json.Nodes;
using Pipeline.Learning.Tuning;
using Pipeline.Local.SageMaker.Training;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker.Tuning;

/// <summary>TuningJobCompletionCriteria, TuningJobCompletionDetails and ConsumedResources.</summary>
public sealed partial class HyperParameterTuningJobService
{
    /// <summary>The metric name under which a trial's FinalMetricDataList carries the tuning objective.</summary>
    public const string ObjectiveMetricName = "ObjectiveMetric";

    /// <summary>
    /// Evaluates the completion criteria over the scored trials, records TuningJobCompletionDetails and returns
    /// whether the tuning job should complete now.
    /// </summary>
    private async Task<bool> EvaluateCompletionAsync(RunningTuningJob running, List<TrialResult> results)
    {
        var job = running.Request;
        var values = results
            .Where(result => result.ObjectiveValue is { } value && double.IsFinite(value))
            .Select(result => result.ObjectiveValue!.Value)
            .ToList();
        var state = job.CompletionCriteria.Evaluate(values, job.ObjectiveType);
        running.CompletionState = state;
        if (state.Converged && running.ConvergenceDetectedTime is null)
        {
            running.ConvergenceDetectedTime = SageMakerRequest.ToEpochSeconds(_timeProvider.GetUtcNow());
        }

        await UpdateAsync(job.Name.ToLowerInvariant(), document => document["TuningJobCompletionDetails"] = CompletionDetails(running), CancellationToken.None)
            .ConfigureAwait(false);
        var met = new List<string>();
        if (state.TargetReached)
        {
            met.Add("TargetObjectiveMetricValue");
        }

        if (state.NotImprovingLimitReached)
        {
            met.Add("BestObjectiveNotImproving");
        }

        if (job.CompletionCriteria.CompleteOnConvergence && state.Converged)
        {
            met.Add("ConvergenceDetected");
        }

        if (met.Count > 0 && !running.CompletionCriteriaMet)
        {
            running.CompletionCriteriaMet = true;
            Log.TuningCompletionCriteriaMet(_logger, job.Name, values.Count, string.Join(", ", met));
        }

        return met.Count > 0;
    }

    private static JsonObject CompletionDetails(RunningTuningJob? running)
    {
        var details = new JsonObject { ["NumberOfTrainingJobsObjectiveNotImproving"] = running?.CompletionState?.NumberOfTrainingJobsObjectiveNotImproving ?? 0 };
        if (running?.ConvergenceDetectedTime is { } detected)
        {
            details["ConvergenceDetectedTime"] = detected;
        }

        return details;
    }

    /// <summary>Sets ConsumedResources.RuntimeInSeconds: the seconds from CreationTime to the end time, or to now while the job runs.</summary>
    private void SetConsumedResources(JsonObject document)
    {
        var created = (decimal)document["CreationTime"]!;
        var end = (decimal?)document["HyperParameterTuningEndTime"] ?? SageMakerRequest.ToEpochSeconds(_timeProvider.GetUtcNow());
        document["ConsumedResources"] = new JsonObject { ["RuntimeInSeconds"] = (int)Math.Max(0, Math.Floor(end - created)) };
    }

    /// <summary>
    /// Appends the tuning objective to a finished trial's FinalMetricDataList under the name <c>ObjectiveMetric</c>,
    /// the extra metric SageMaker records for every training job that a tuning job launches.
    /// </summary>
    /// <remarks>NOTE: this follows the metric list SageMaker shows for tuning trials; the API reference does not document the entry.</remarks>
    private async Task AddObjectiveMetricAsync(string trainingJobName, double value)
    {
        var key = trainingJobName.ToLowerInvariant();
        var trial = await _store.GetAsync(TrainingJobService.JobKind, key).ConfigureAwait(false);
        if (trial is null)
        {
            return;
        }

        if (trial["FinalMetricDataList"] is not JsonArray metrics)
        {
            metrics = [];
            trial["FinalMetricDataList"] = metrics;
        }

        if (metrics.Any(metric => (string?)metric?["MetricName"] == ObjectiveMetricName))
        {
            return;
        }

        metrics.Add(new JsonObject
        {
            ["MetricName"] = ObjectiveMetricName,
            ["Value"] = value,
            ["Timestamp"] = (metrics.LastOrDefault()?["Timestamp"] ?? trial["TrainingEndTime"])?.DeepClone(),
        });
        await _store.PutAsync(TrainingJobService.JobKind, key, trial).ConfigureAwait(false);
    }
}
