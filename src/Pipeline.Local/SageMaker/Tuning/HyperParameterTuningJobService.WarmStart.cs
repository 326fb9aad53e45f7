using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Learning.Tuning;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker.Tuning;

/// <summary>WarmStartConfig: validating the parent tuning jobs and seeding the search with their trials.</summary>
public sealed partial class HyperParameterTuningJobService
{
    /// <summary>
    /// Checks that every parent exists, has ended, and uses the same objective (and, for IdenticalDataAndAlgorithm,
    /// the same training image and input data), then loads the parents' scored trials and best training jobs.
    /// </summary>
    private async Task LoadParentsAsync(RunningTuningJob running, CancellationToken cancellationToken)
    {
        var job = running.Request;
        if (job.WarmStart is not { } warmStart)
        {
            return;
        }

        foreach (var name in warmStart.ParentNames.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var parent = await _store.GetAsync(JobKind, name.ToLowerInvariant(), cancellationToken).ConfigureAwait(false)
                ?? throw AwsServiceException.Validation(
                    $"The parent hyperparameter tuning job '{name}' in WarmStartConfig.ParentHyperParameterTuningJobs was not found. Name an existing tuning job.");
            parent = await ReconcileAsync(parent, cancellationToken).ConfigureAwait(false);
            var status = (string)parent["HyperParameterTuningJobStatus"]!;
            if (status is not ("Completed" or "Stopped" or "Failed"))
            {
                throw AwsServiceException.Validation(
                    $"The parent hyperparameter tuning job '{name}' is {status}. A warm-start parent must be Completed, Stopped or Failed; wait for it to end or remove it from WarmStartConfig.");
            }

            CheckParentMatches(job, warmStart, name, parent);
            if ((parent["OverallBestTrainingJob"] ?? parent["BestTrainingJob"]) is JsonObject best)
            {
                running.ParentBestTrainingJobs.Add((JsonObject)best.DeepClone());
            }

            foreach (var summary in await TrialSummariesAsync(parent, cancellationToken).ConfigureAwait(false))
            {
                if ((string?)summary["ObjectiveStatus"] == "Succeeded"
                    && ParentTrial(job.Ranges, summary) is { } hyperParameters)
                {
                    var value = (double)summary["FinalHyperParameterTuningJobObjectiveMetric"]!["Value"]!;
                    running.ParentResults.Add(new TrialResult(new TrialSuggestion(hyperParameters), value));
                }
            }
        }

        Log.TuningWarmStarted(_logger, job.Name, warmStart.ParentNames.Count, running.ParentResults.Count);
    }

    private static void CheckParentMatches(TuningJobRequest job, WarmStartConfig warmStart, string name, JsonObject parent)
    {
        var objective = parent["HyperParameterTuningJobConfig"]!["HyperParameterTuningJobObjective"]!;
        var metric = (string?)objective["MetricName"];
        var type = (string?)objective["Type"];
        if (metric != job.ObjectiveMetric || type != job.ObjectiveType.ToString())
        {
            throw AwsServiceException.Validation(
                $"The parent hyperparameter tuning job '{name}' uses the objective {type} {metric}, but this tuning job uses {job.ObjectiveType} {job.ObjectiveMetric}. Warm start needs the same objective metric and type.");
        }

        if (warmStart.WarmStartType != WarmStartConfig.IdenticalDataAndAlgorithm)
        {
            return;
        }

        var definition = parent["TrainingJobDefinition"]!;
        var sameImage = (string?)definition["AlgorithmSpecification"]?["TrainingImage"] == (string?)job.TrainingJobDefinition["AlgorithmSpecification"]?["TrainingImage"];
        var sameData = JsonNode.DeepEquals(definition["InputDataConfig"], job.TrainingJobDefinition["InputDataConfig"]);
        if (!sameImage || !sameData)
        {
            throw AwsServiceException.Validation(
                $"WarmStartType IdenticalDataAndAlgorithm needs the same training image and InputDataConfig as the parent hyperparameter tuning job '{name}', but the {(sameImage ? "InputDataConfig" : "training image")} differs. Use TransferLearning instead.");
        }

        // IdenticalDataAndAlgorithm lets a hyperparameter move between static and tunable, but the total must stay the same.
        var parentCount = HyperParameterCount(definition["StaticHyperParameters"] as JsonObject, parent["HyperParameterTuningJobConfig"]!["ParameterRanges"] as JsonObject);
        var count = (job.TrainingJobDefinition["StaticHyperParameters"] as JsonObject)?.Count + job.Ranges.Count ?? job.Ranges.Count;
        if (count != parentCount)
        {
            throw AwsServiceException.Validation(
                $"WarmStartType IdenticalDataAndAlgorithm needs the same number of static plus tunable hyperparameters as the parent hyperparameter tuning job '{name}' ({parentCount}), but this tuning job has {count}. Use TransferLearning instead.");
        }
    }

    private static int HyperParameterCount(JsonObject? statics, JsonObject? ranges) =>
        (statics?.Count ?? 0) + (ranges?.Sum(pair => (pair.Value as JsonArray)?.Count ?? 0) ?? 0);

    /// <summary>Returns a parent trial's values for this job's ranges, or null when a range is missing or a value lies outside it.</summary>
    private static Dictionary<string, string>? ParentTrial(IReadOnlyList<ParameterRange> ranges, JsonObject summary)
    {
        var tuned = summary["TunedHyperParameters"] as JsonObject;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var range in ranges)
        {
            if ((string?)tuned?[range.Name] is not { } value || !Contains(range, value))
            {
                return null;
            }

            values[range.Name] = value;
        }

        return values;
    }

    private static bool Contains(ParameterRange range, string value)
    {
        if (range is CategoricalParameterRange categorical)
        {
            return categorical.Values.Contains(value, StringComparer.Ordinal);
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        return range switch
        {
            ContinuousParameterRange continuous => number >= continuous.MinValue && number <= continuous.MaxValue,
            IntegerParameterRange integer => number == Math.Floor(number) && number >= integer.MinValue && number <= integer.MaxValue,
            _ => false,
        };
    }

    /// <summary>
    /// Sets OverallBestTrainingJob, the best of this job's BestTrainingJob and its parents' best training jobs.
    /// SageMaker reports it only for IdenticalDataAndAlgorithm, because TransferLearning objectives are not comparable.
    /// </summary>
    private static void SetOverallBest(JsonObject document, RunningTuningJob running)
    {
        if (running.Request.WarmStart?.WarmStartType != WarmStartConfig.IdenticalDataAndAlgorithm)
        {
            return;
        }

        var candidates = running.ParentBestTrainingJobs.ToList();
        if (document["BestTrainingJob"] is JsonObject own)
        {
            candidates.Add(own);
        }

        if (candidates.Count == 0)
        {
            return;
        }

        double Value(JsonObject summary) => (double)summary["FinalHyperParameterTuningJobObjectiveMetric"]!["Value"]!;
        var best = running.Request.ObjectiveType == ObjectiveType.Maximize ? candidates.MaxBy(Value) : candidates.MinBy(Value);
        document["OverallBestTrainingJob"] = best!.DeepClone();
    }
}
