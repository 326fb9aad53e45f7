using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Learning.Tuning;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker.Tuning;

/// <summary>
/// HyperParameterTuningJobConfig.TuningJobCompletionCriteria: the conditions that complete a tuning job before it
/// uses its whole MaxNumberOfTrainingJobs budget.
/// </summary>
/// <param name="TargetObjectiveMetricValue">Completes the job once the best objective reaches this value, in the objective's direction.</param>
/// <param name="MaxNumberOfTrainingJobsNotImproving">Completes the job after this many scored trials in a row fail to improve the best objective by 1% or more.</param>
/// <param name="CompleteOnConvergence">Completes the job when the local convergence rule (see <see cref="Evaluate"/>) detects convergence.</param>
internal sealed record CompletionCriteria(double? TargetObjectiveMetricValue, int? MaxNumberOfTrainingJobsNotImproving, bool CompleteOnConvergence)
{
    /// <summary>The API's minimum for BestObjectiveNotImproving.MaxNumberOfTrainingJobsNotImproving.</summary>
    public const int MinTrainingJobsNotImproving = 3;

    /// <summary>The relative gain over the best objective so far that counts as an improvement (1%, as the API documents).</summary>
    public const double ImprovementFraction = 0.01;

    /// <summary>The number of most recent scored trials the convergence rule looks at.</summary>
    public const int ConvergenceWindow = 5;

    /// <summary>The relative spread of objective values within the window that counts as converged (0.1% of the best value).</summary>
    public const double ConvergenceFraction = 0.001;

    public static CompletionCriteria None { get; } = new(null, null, false);

    /// <summary>Reads and validates TuningJobCompletionCriteria; returns <see cref="None"/> when the member is absent.</summary>
    public static CompletionCriteria Read(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config["TuningJobCompletionCriteria"] is not { } node)
        {
            return None;
        }

        const string path = "hyperParameterTuningJobConfig.tuningJobCompletionCriteria";
        var criteria = node as JsonObject ?? throw SageMakerRequest.ValidationError(node.ToJsonString(), path, "Member must be a structure");
        double? target = null;
        if (criteria[nameof(TargetObjectiveMetricValue)] is { } targetNode)
        {
            if (targetNode is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !double.IsFinite(value.GetValue<double>()))
            {
                throw SageMakerRequest.ValidationError(targetNode.ToJsonString(), path + ".targetObjectiveMetricValue", "Member must be a finite number");
            }

            target = value.GetValue<double>();
        }

        int? notImproving = null;
        if (criteria["BestObjectiveNotImproving"] is JsonObject best && best[nameof(MaxNumberOfTrainingJobsNotImproving)] is { } limitNode)
        {
            if (limitNode is not JsonValue limit || limit.GetValueKind() != JsonValueKind.Number || !limit.TryGetValue<int>(out var count))
            {
                throw SageMakerRequest.ValidationError(limitNode.ToJsonString(), path + ".bestObjectiveNotImproving.maxNumberOfTrainingJobsNotImproving", "Member must be an integer");
            }

            if (count < MinTrainingJobsNotImproving)
            {
                throw SageMakerRequest.ValidationError(
                    count.ToString(CultureInfo.InvariantCulture),
                    path + ".bestObjectiveNotImproving.maxNumberOfTrainingJobsNotImproving",
                    $"Member must have value greater than or equal to {MinTrainingJobsNotImproving}");
            }

            notImproving = count;
        }

        var convergence = criteria["ConvergenceDetected"] as JsonObject;
        var complete = convergence is null ? null : SageMakerRequest.OptionalString(convergence, "CompleteOnConvergence");
        if (complete is not (null or "Enabled" or "Disabled"))
        {
            throw SageMakerRequest.ValidationError(
                complete, path + ".convergenceDetected.completeOnConvergence", "Member must satisfy enum value set: [Disabled, Enabled]");
        }

        return new CompletionCriteria(target, notImproving, complete == "Enabled");
    }

    /// <summary>
    /// Evaluates the criteria over the objective values of scored trials, in the order the trials finished.
    /// Convergence is a local rule: the last <see cref="ConvergenceWindow"/> values lie within
    /// <see cref="ConvergenceFraction"/> of the best value's magnitude of each other, so the search keeps landing
    /// on the same objective.
    /// </summary>
    public CompletionState Evaluate(IReadOnlyList<double> values, ObjectiveType objective)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sign = objective == ObjectiveType.Maximize ? 1.0 : -1.0;
        double? best = null;
        var notImproving = 0;
        foreach (var value in values)
        {
            if (best is not { } current)
            {
                best = value;
                continue;
            }

            var gain = sign * (value - current);
            var needed = Math.Abs(current) * ImprovementFraction;
            if (gain > 0 && gain >= needed)
            {
                notImproving = 0;
            }
            else
            {
                notImproving++;
            }

            if (gain > 0)
            {
                best = value;
            }
        }

        var targetReached = best is { } reached && TargetObjectiveMetricValue is { } target && sign * (reached - target) >= 0;
        var limitReached = MaxNumberOfTrainingJobsNotImproving is { } limit && notImproving >= limit;
        var converged = false;
        if (best is { } top && values.Count >= ConvergenceWindow)
        {
            var window = values.Skip(values.Count - ConvergenceWindow).ToList();
            converged = window.Max() - window.Min() <= Math.Abs(top) * ConvergenceFraction;
        }

        return new CompletionState(notImproving, targetReached, limitReached, converged);
    }
}

/// <summary>The state of a tuning job against its completion criteria.</summary>
/// <param name="NumberOfTrainingJobsObjectiveNotImproving">Scored trials since the best objective last improved by 1% or more.</param>
/// <param name="TargetReached">Whether the best objective reached TargetObjectiveMetricValue.</param>
/// <param name="NotImprovingLimitReached">Whether MaxNumberOfTrainingJobsNotImproving trials in a row failed to improve.</param>
/// <param name="Converged">Whether the local convergence rule holds, whether or not CompleteOnConvergence is Enabled.</param>
internal sealed record CompletionState(int NumberOfTrainingJobsObjectiveNotImproving, bool TargetReached, bool NotImprovingLimitReached, bool Converged);
