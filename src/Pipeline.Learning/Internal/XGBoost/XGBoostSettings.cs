using System.Globalization;

namespace Pipeline.Learning.Internal.XGBoost;

/// <summary>Validated SageMaker XGBoost hyperparameters, split into loop settings and booster parameters.</summary>
internal sealed class XGBoostSettings
{
    private XGBoostSettings()
    {
    }

    public int NumRound { get; private init; }

    public int? EarlyStoppingRounds { get; private init; }

    public bool CsvWeights { get; private init; }

    public string Objective { get; private init; } = "reg:squarederror";

    public int? NumClass { get; private init; }

    /// <summary>Metrics for eval_metric, in the order given; libxgboost reports them in this order.</summary>
    public IReadOnlyList<string> EvalMetrics { get; private init; } = [];

    /// <summary>Metrics of eval_metric and the tuning objective that the container computes itself (accuracy, f1, ...).</summary>
    public IReadOnlyList<string> CustomMetrics =>
        EvalMetrics.Append(TuningObjectiveMetric is { } objective ? objective[(objective.IndexOf(':', StringComparison.Ordinal) + 1)..] : string.Empty)
            .Where(metric => XGBoostHyperParameterRules.CustomMetrics.Contains(metric, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The metric HPO passes as _tuning_objective_metric, e.g. "validation:auc".</summary>
    public string? TuningObjectiveMetric { get; private init; }

    /// <summary>Name/value pairs for XGBoosterSetParam, in a stable order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BoosterParameters { get; private init; } = [];

    /// <summary>Validates hyperparameters the way the SageMaker XGBoost container does, reporting the first problem.</summary>
    public static XGBoostSettings Parse(IReadOnlyDictionary<string, string> hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rawName, rawValue) in hyperParameters)
        {
            var name = XGBoostHyperParameterRules.Aliases.GetValueOrDefault(rawName, rawName);
            if (!XGBoostHyperParameterRules.All.TryGetValue(name, out var rule))
            {
                throw new AlgorithmException(
                    $"Extraneous hyperparameter found: {rawName}. The SageMaker XGBoost 1.7-1 algorithm does not accept it; remove it or check its spelling.");
            }

            var value = (rawValue ?? string.Empty).Trim();
            if (rule.Validate(value) is { } error)
            {
                throw new AlgorithmException(error);
            }

            values[name] = value;
        }

        if (!values.TryGetValue("num_round", out var numRound))
        {
            throw new AlgorithmException("Missing required hyperparameter: num_round. Set num_round to the number of boosting rounds, e.g. \"100\".");
        }

        if (values.ContainsKey("_kfold"))
        {
            throw new AlgorithmException("Hyperparameter _kfold: k-fold cross-validation is not supported by the local XGBoost trainer. Remove _kfold and _num_cv_round.");
        }

        var objective = values.GetValueOrDefault("objective", "reg:squarederror");
        int? numClass = values.TryGetValue("num_class", out var numClassText) ? ParseInt(numClassText) : null;
        if (objective is "multi:softmax" or "multi:softprob" && numClass is null)
        {
            throw new AlgorithmException("Require input for parameter 'num_class' for multi-classification. Set num_class to the number of classes.");
        }

        if (numClass is not null && !objective.StartsWith("multi:", StringComparison.Ordinal))
        {
            throw new AlgorithmException(
                $"Do not need to setup parameter 'num_class' for learning task other than multi-classification (objective is '{objective}'). Remove num_class.");
        }

        var metrics = values.TryGetValue("eval_metric", out var metricText)
            ? metricText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];
        foreach (var metric in metrics)
        {
            ValidateMetric(metric, objective);
        }

        var tuningMetric = values.GetValueOrDefault("_tuning_objective_metric");
        ValidateConstraints(values);

        var parameters = values
            .Where(pair => !XGBoostHyperParameterRules.LoopOnly.Contains(pair.Key))
            .ToList();
        return new XGBoostSettings
        {
            NumRound = ParseInt(numRound),
            EarlyStoppingRounds = values.TryGetValue("early_stopping_rounds", out var early) ? ParseInt(early) : null,
            CsvWeights = values.GetValueOrDefault("csv_weights") == "1",
            Objective = objective,
            NumClass = numClass,
            EvalMetrics = metrics,
            TuningObjectiveMetric = tuningMetric,
            BoosterParameters = parameters,
        };
    }

    /// <summary>Returns true when a larger value of the metric is better.</summary>
    public static bool IsMaximized(string metric)
    {
        var name = metric.Split('@')[0];
        return XGBoostHyperParameterRules.MaximizeMetrics.Contains(name, StringComparer.Ordinal);
    }

    private static void ValidateMetric(string metric, string objective)
    {
        var at = metric.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var name = metric[..at].Trim();
            if (name is not ("error" or "ndcg" or "map"))
            {
                throw new AlgorithmException(
                    $"Metric '{metric}' is not supported. Parameter 'eval_metric' with customized threshold should be one of these options: 'error', 'ndcg', 'map'.");
            }

            var threshold = metric[(at + 1)..].Trim().TrimEnd('-');
            if (!double.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw new AlgorithmException($"Threshold value 't' in '{name}@t' expects float input (got '{metric}').");
            }

            return;
        }

        if (!XGBoostHyperParameterRules.MaximizeMetrics.Contains(metric, StringComparer.Ordinal)
            && !XGBoostHyperParameterRules.MinimizeMetrics.Contains(metric, StringComparer.Ordinal))
        {
            throw new AlgorithmException(
                $"Hyperparameter eval_metric: {metric} is not a supported metric. Use one of: {string.Join(", ", XGBoostHyperParameterRules.MaximizeMetrics.Concat(XGBoostHyperParameterRules.MinimizeMetrics))}.");
        }

        if (metric == "auc" && !(objective.StartsWith("binary:", StringComparison.Ordinal) || objective.StartsWith("rank:", StringComparison.Ordinal)))
        {
            throw new AlgorithmException($"Metric 'auc' can only be applied for classification and ranking problems (objective is '{objective}').");
        }

        if (metric == "aft-nloglik" && objective != "survival:aft")
        {
            throw new AlgorithmException("Metric 'aft-nloglik' can only be applied for 'survival:aft' objective.");
        }
    }

    private static void ValidateConstraints(SortedDictionary<string, string> values)
    {
        var treeMethod = values.GetValueOrDefault("tree_method");
        if (values.ContainsKey("monotone_constraints") && treeMethod is not ("exact" or "hist"))
        {
            throw new AlgorithmException("monotone_constraints can be used only when the tree_method parameter is set to either 'exact' or 'hist'.");
        }

        if (values.ContainsKey("interaction_constraints") && treeMethod is not ("exact" or "hist" or "approx"))
        {
            throw new AlgorithmException("interaction_constraints can be used only when the tree_method parameter is set to either 'exact', 'hist' or 'approx'.");
        }
    }

    private static int ParseInt(string value) => (int)double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
}
