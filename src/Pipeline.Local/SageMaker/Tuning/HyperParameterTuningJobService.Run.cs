using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Learning;
using Pipeline.Learning.Tuning;
using Pipeline.Local.SageMaker.Training;
using Pipeline.Local.Services;

namespace Pipeline.Local.SageMaker.Tuning;

/// <summary>The tuning loop: ask the strategy, launch up to MaxParallelTrainingJobs training jobs, record results.</summary>
public sealed partial class HyperParameterTuningJobService
{
    /// <summary>Rounds a trial runs before the median stopping rule may stop it.</summary>
    private const int EarlyStoppingMinRound = 4;

    /// <summary>Finished trials the median stopping rule needs before it stops anything.</summary>
    private const int EarlyStoppingMinTrials = 3;

    private async Task RunAsync(RunningTuningJob running, string arn)
    {
        var job = running.Request;
        var key = job.Name.ToLowerInvariant();
        var settings = new TuningSettings(new SearchSpace(job.Ranges), job.ObjectiveType, job.MaxTrainingJobs, job.Seed, job.MinResource, job.MaxResource);
        var strategy = TuningStrategies.Create(job.Strategy, settings);
        var results = new List<TrialResult>();

        // Only the Bayesian strategy learns from earlier trials: Random and Grid ignore results, and Hyperband
        // reads them as its own rungs. The parents' trials still count for OverallBestTrainingJob.
        var seeded = job.Strategy == "Bayesian" && running.ParentResults.Count > 0;
        var active = new Dictionary<string, (TrialSuggestion Suggestion, Task<JsonObject> Completion)>(StringComparer.Ordinal);
        using var maxRuntime = job.MaxRuntimeInSeconds is { } seconds ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), _timeProvider) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(running.Stop.Token, maxRuntime.Token);
        void OnRound(string trainingJobName, TrainingRound round) => ApplyMedianStoppingRule(running, trainingJobName, round);
        if (job.EarlyStopping)
        {
            _trainingJobs.RoundCompleted += OnRound;
        }

        string? failure = null;
        var launched = 0;
        try
        {
            var exhausted = false;
            while (!linked.IsCancellationRequested)
            {
                while (!exhausted && active.Count < job.MaxParallelTrainingJobs && launched < job.MaxTrainingJobs)
                {
                    var suggestion = strategy.Suggest(seeded ? [.. running.ParentResults, .. results] : results, active.Count);
                    if (suggestion is null)
                    {
                        exhausted = active.Count == 0;
                        break;
                    }

                    launched++;
                    var name = FormattableString.Invariant($"{job.Name}-{launched:000}-{Guid.NewGuid().ToString("N")[..8]}");
                    await _trainingJobs.StartAsync(TrainingRequest(job, suggestion, name), arn, CancellationToken.None).ConfigureAwait(false);
                    Log.TuningTrialLaunched(_logger, job.Name, name);
                    running.RunningTrials[name] = true;
                    active[name] = (suggestion, _trainingJobs.WaitForCompletionAsync(name, CancellationToken.None));
                }

                await RefreshAsync(key, CancellationToken.None).ConfigureAwait(false);
                if (active.Count == 0)
                {
                    break;
                }

                await Task.WhenAny(active.Values.Select(trial => trial.Completion)).WaitAsync(linked.Token).ConfigureAwait(false);
                await CollectAsync(running, active, results, job).ConfigureAwait(false);
                if (await EvaluateCompletionAsync(running, results).ConfigureAwait(false))
                {
                    // A completion criterion holds: launch nothing more; the running trials are stopped below.
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // Stop requested or MaxRuntimeInSeconds reached: the running trials are stopped below.
        }
        catch (AwsServiceException exception)
        {
            failure = "ClientError: " + exception.Message;
        }
#pragma warning disable CA1031 // A background job records any failure in its status instead of crashing the host.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.TuningJobCrashed(_logger, exception, job.Name);
            failure = "InternalServerError: " + exception.Message;
        }
        finally
        {
            _trainingJobs.RoundCompleted -= OnRound;
        }

        await StopTrialsAsync(active.Keys).ConfigureAwait(false);
        await Task.WhenAll(active.Values.Select(trial => trial.Completion)).ConfigureAwait(false);
        await CollectAsync(running, active, results, job).ConfigureAwait(false);
        await EvaluateCompletionAsync(running, results).ConfigureAwait(false);
        await FinishAsync(key, running, results, failure, stopped: running.Stop.IsCancellationRequested).ConfigureAwait(false);
        _running.TryRemove(key, out _);
        running.Completion.TrySetResult();
        running.Dispose();
    }

    private static JsonObject TrainingRequest(TuningJobRequest job, TrialSuggestion suggestion, string name)
    {
        var definition = job.TrainingJobDefinition;
        var hyperParameters = (definition["StaticHyperParameters"] as JsonObject)?.DeepClone().AsObject() ?? [];
        foreach (var (parameter, value) in suggestion.HyperParameters)
        {
            hyperParameters[parameter] = value;
        }

        var image = (string?)definition["AlgorithmSpecification"]?["TrainingImage"] ?? string.Empty;
        if (suggestion.Resource is { } rounds)
        {
            hyperParameters[ResourceHyperParameter(image)] = rounds.ToString(CultureInfo.InvariantCulture);
        }

        if (image.Contains("xgboost", StringComparison.OrdinalIgnoreCase))
        {
            // The SageMaker XGBoost container reads the tuning objective from this hyperparameter.
            hyperParameters["_tuning_objective_metric"] = job.ObjectiveMetric;
        }

        var request = new JsonObject { ["TrainingJobName"] = name, ["HyperParameters"] = hyperParameters };
        foreach (var member in new[] { "AlgorithmSpecification", "RoleArn", "InputDataConfig", "OutputDataConfig", "ResourceConfig", "StoppingCondition", "VpcConfig", "CheckpointConfig", "Environment", "EnableNetworkIsolation", "EnableInterContainerTrafficEncryption", "EnableManagedSpotTraining", "RetryStrategy" })
        {
            if (definition[member] is { } value)
            {
                request[member] = value.DeepClone();
            }
        }

        return request;
    }

    /// <summary>The hyperparameter Hyperband sets as the resource: num_boost_round for LightGBM, num_round for XGBoost.</summary>
    private static string ResourceHyperParameter(string image) =>
        image.Contains("lightgbm", StringComparison.OrdinalIgnoreCase) ? "num_boost_round" : "num_round";

    private async Task CollectAsync(
        RunningTuningJob running, Dictionary<string, (TrialSuggestion Suggestion, Task<JsonObject> Completion)> active, List<TrialResult> results, TuningJobRequest job)
    {
        foreach (var (name, trial) in active.Where(pair => pair.Value.Completion.IsCompleted).ToList())
        {
            var final = await trial.Completion.ConfigureAwait(false);
            var objective = ObjectiveValue(final, job.ObjectiveMetric);
            results.Add(new TrialResult(trial.Suggestion, objective));
            if (objective is { } value)
            {
                await AddObjectiveMetricAsync(name, value).ConfigureAwait(false);
            }

            active.Remove(name);
            running.RunningTrials.TryRemove(name, out _);
            running.RunningCurves.TryRemove(name, out _);
            var history = await _trainingJobs.GetMetricHistoryAsync(name).ConfigureAwait(false);
            if (history.TryGetValue(job.ObjectiveMetric, out var points))
            {
                running.FinishedCurves.Add(BestSoFar(points.Select(point => point.Value), job.ObjectiveType));
            }
        }
    }

    private async Task StopTrialsAsync(IEnumerable<string> names)
    {
        foreach (var name in names.ToList())
        {
            try
            {
                await _trainingJobs.StopTrainingJobAsync(new JsonObject { ["TrainingJobName"] = name }).ConfigureAwait(false);
            }
            catch (AwsServiceException)
            {
                // The training job ended on its own between the check and the stop request.
            }
        }
    }

    /// <summary>
    /// Stops a trial whose best objective so far is worse than the median of finished trials at the same round,
    /// the rule SageMaker documents for TrainingJobEarlyStoppingType Auto.
    /// </summary>
    private void ApplyMedianStoppingRule(RunningTuningJob running, string trainingJobName, TrainingRound round)
    {
        var job = running.Request;
        if (!running.RunningTrials.ContainsKey(trainingJobName)
            || round.Metrics.FirstOrDefault(metric => metric.MetricName == job.ObjectiveMetric) is not { } metric)
        {
            return;
        }

        var curve = running.RunningCurves.GetOrAdd(trainingJobName, _ => []);
        var sign = job.ObjectiveType == ObjectiveType.Maximize ? 1 : -1;
        var best = curve.Count == 0 ? metric.Value : sign * Math.Max(sign * curve[^1], sign * metric.Value);
        curve.Add(best);
        var peers = running.FinishedCurves.Where(peer => peer.Count > round.Round).Select(peer => peer[round.Round]).Order().ToList();
        if (round.Round < EarlyStoppingMinRound || peers.Count < EarlyStoppingMinTrials)
        {
            return;
        }

        var median = peers.Count % 2 == 1 ? peers[peers.Count / 2] : (peers[(peers.Count / 2) - 1] + peers[peers.Count / 2]) / 2;
        if (sign * best < sign * median && running.RunningTrials.TryUpdate(trainingJobName, false, true))
        {
            Log.TuningTrialStoppedEarly(_logger, job.Name, trainingJobName, best, round.Round, median);
            _ = Task.Run(() => StopTrialsAsync([trainingJobName]));
        }
    }

    private static List<double> BestSoFar(IEnumerable<double> values, ObjectiveType objective)
    {
        var result = new List<double>();
        foreach (var value in values)
        {
            if (result.Count == 0)
            {
                result.Add(value);
            }
            else
            {
                result.Add(objective == ObjectiveType.Maximize ? Math.Max(result[^1], value) : Math.Min(result[^1], value));
            }
        }

        return result;
    }

    private static double? ObjectiveValue(JsonObject trainingJob, string metricName) =>
        (trainingJob["FinalMetricDataList"] as JsonArray)?
            .OfType<JsonObject>()
            .Where(metric => (string?)metric["MetricName"] == metricName)
            .Select(metric => (double?)metric["Value"])
            .FirstOrDefault();
}
