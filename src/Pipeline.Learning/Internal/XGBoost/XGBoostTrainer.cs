using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Learning.Internal.Data;

namespace Pipeline.Learning.Internal.XGBoost;

/// <summary>
/// Runs SageMaker's XGBoost algorithm mode on libxgboost: validate hyperparameters, load channels, boost
/// round by round with evaluation on train and validation, stop early or on cancellation, save the model.
/// </summary>
internal sealed class XGBoostTrainer(ILogger logger)
{
    /// <summary>The model file name inside the model directory, as the SageMaker container writes it.</summary>
    public const string ModelFileName = "xgboost-model";

    public TrainingOutcome Train(TrainingRequest request, IProgress<TrainingRound>? progress, Action<string> log, CancellationToken cancellationToken)
    {
        var settings = XGBoostSettings.Parse(request.HyperParameters);
        var (trainData, validationData) = ChannelLoader.Load(request.Channels, settings.CsvWeights, logger);
        LabelValidator.Check(trainData, settings.Objective, settings.NumClass);
        if (validationData is not null)
        {
            LabelValidator.Check(validationData, settings.Objective, settings.NumClass);
        }

        log(FormattableString.Invariant($"Train matrix has {trainData.RowCount} rows and {trainData.ColumnCount} columns"));
        if (validationData is not null)
        {
            log(FormattableString.Invariant($"Validation matrix has {validationData.RowCount} rows"));
        }

        using var capture = NativeLog.Capture(message => log(message));
        using var train = DMatrix.Create(trainData);
        using var validation = validationData is null ? null : DMatrix.Create(validationData);
        List<DMatrix> matrices = validation is null ? [train] : [train, validation];
        List<string> names = validation is null ? ["train"] : ["train", "validation"];

        using var booster = Booster.Create(matrices);
        Configure(booster, settings);
        var stopper = EarlyStopper.Create(settings, hasValidation: validation is not null, log);

        IReadOnlyList<MetricValue> lastMetrics = [];
        var completed = 0;
        var interrupted = false;
        for (var round = 0; round < settings.NumRound; round++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }

            booster.UpdateOneIteration(round, train);
            var line = booster.Evaluate(round, matrices, names);
            completed = round + 1;
            lastMetrics = EvaluationLine.Parse(line);
            if (settings.CustomMetrics.Count > 0)
            {
                (lastMetrics, line) = AddCustomMetrics(booster, settings.CustomMetrics, round, lastMetrics, matrices, names, [trainData.Labels!, validationData?.Labels]);
            }

            log(line);
            progress?.Report(new TrainingRound(round, lastMetrics));
            if (stopper is not null && stopper.ShouldStop(round, lastMetrics))
            {
                break;
            }
        }

        Directory.CreateDirectory(request.ModelDirectory);
        var modelPath = Path.Combine(request.ModelDirectory, ModelFileName);
        if (stopper is { BestRound: >= 0 } && stopper.BestRound + 1 < completed)
        {
            log(FormattableString.Invariant($"Best iteration: {stopper.BestRound}; saving the model of rounds 0 to {stopper.BestRound}"));
            using var best = booster.Slice(0, stopper.BestRound + 1);
            best.Save(modelPath);
            return new TrainingOutcome(stopper.BestMetrics, completed, interrupted);
        }

        if (completed > 0)
        {
            booster.Save(modelPath);
        }

        return new TrainingOutcome(lastMetrics, completed, interrupted);
    }

    private static void Configure(Booster booster, XGBoostSettings settings)
    {
        foreach (var (name, value) in settings.BoosterParameters)
        {
            booster.SetParameter(name, value);
        }

        foreach (var metric in settings.EvalMetrics.Except(settings.CustomMetrics, StringComparer.Ordinal))
        {
            booster.SetParameter("eval_metric", metric);
        }

        if (settings.TuningObjectiveMetric is { } objectiveMetric)
        {
            var name = objectiveMetric[(objectiveMetric.IndexOf(':', StringComparison.Ordinal) + 1)..];
            if (!settings.EvalMetrics.Contains(name, StringComparer.Ordinal) && !settings.CustomMetrics.Contains(name, StringComparer.Ordinal))
            {
                booster.SetParameter("eval_metric", name);
            }
        }
    }

    /// <summary>
    /// Computes the container's own metrics on each evaluated data set and appends them after libxgboost's metrics of
    /// that data set, as xgb.train prints a custom metric; returns the metrics and the rebuilt log line.
    /// </summary>
    private static (IReadOnlyList<MetricValue> Metrics, string Line) AddCustomMetrics(
        Booster booster, IReadOnlyList<string> customMetrics, int round, IReadOnlyList<MetricValue> metrics, List<DMatrix> matrices, List<string> names,
        float[]?[] labels)
    {
        var result = new List<MetricValue>();
        for (var i = 0; i < matrices.Count; i++)
        {
            var prefix = names[i] + ":";
            result.AddRange(metrics.Where(metric => metric.MetricName.StartsWith(prefix, StringComparison.Ordinal)));
            var (margins, shape) = booster.PredictMargin(matrices[i]);
            var width = shape.Length > 1 ? (int)shape[1] : 1;
            result.AddRange(customMetrics.Select(metric => new MetricValue(prefix + metric, CustomMetrics.Compute(metric, margins, width, labels[i]!))));
        }

        var line = FormattableString.Invariant($"[{round}]") + string.Concat(result.Select(metric =>
        {
            var colon = metric.MetricName.IndexOf(':', StringComparison.Ordinal);
            return string.Create(CultureInfo.InvariantCulture, $"\t{metric.MetricName[..colon]}-{metric.MetricName[(colon + 1)..]}:{metric.Value:0.#####}");
        }));
        return (result, line);
    }

    /// <summary>Early stopping as XGBoost's EarlyStopping callback does it with save_best=True.</summary>
    private sealed class EarlyStopper(int rounds, string metricName, bool maximize)
    {
        private double _best = double.NaN;

        public int BestRound { get; private set; } = -1;

        public IReadOnlyList<MetricValue> BestMetrics { get; private set; } = [];

        public static EarlyStopper? Create(XGBoostSettings settings, bool hasValidation, Action<string> log)
        {
            if (settings.EarlyStoppingRounds is not { } rounds)
            {
                return null;
            }

            if (!hasValidation)
            {
                log("early_stopping_rounds is set but there is no validation channel; training runs all num_round rounds.");
                return null;
            }

            // The container watches the tuning objective metric, else the last eval_metric; with neither,
            // this watches the last metric libxgboost prints for the validation data.
            var metric = settings.TuningObjectiveMetric is { } objective
                ? objective[(objective.IndexOf(':', StringComparison.Ordinal) + 1)..]
                : settings.EvalMetrics.Count > 0 ? settings.EvalMetrics[^1] : string.Empty;
            return new EarlyStopper(rounds, metric, XGBoostSettings.IsMaximized(metric));
        }

        public bool ShouldStop(int round, IReadOnlyList<MetricValue> metrics)
        {
            var watched = metricName.Length > 0
                ? metrics.LastOrDefault(metric => metric.MetricName == "validation:" + metricName)
                : metrics.LastOrDefault(metric => metric.MetricName.StartsWith("validation:", StringComparison.Ordinal));
            if (watched is null)
            {
                return false;
            }

            var isMaximized = metricName.Length > 0 ? maximize : XGBoostSettings.IsMaximized(watched.MetricName["validation:".Length..]);
            var improved = BestRound < 0 || (isMaximized ? watched.Value > _best : watched.Value < _best);
            if (improved)
            {
                _best = watched.Value;
                BestRound = round;
                BestMetrics = metrics;
                return false;
            }

            return round - BestRound >= rounds;
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{metricName} best {_best} at {BestRound}");
    }
}
