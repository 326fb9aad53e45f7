using System.Globalization;
using Pipeline.Learning.Internal.XGBoost;

namespace Pipeline.Learning.Internal.LightGbm;

/// <summary>
/// The SageMaker LightGBM hyperparameters with their documented ranges and defaults
/// (docs.aws.amazon.com/sagemaker/latest/dg/lightgbm-hyperparameters.html).
/// </summary>
internal sealed class LightGbmSettings
{
    public static readonly IReadOnlyList<string> Metrics =
        ["auto", "rmse", "l1", "l2", "huber", "fair", "binary_logloss", "binary_error", "auc", "average_precision", "multi_logloss", "multi_error", "auc_mu", "cross_entropy"];

    private static readonly Dictionary<string, (HyperParameterRule Rule, string Default)> Rules = new(StringComparer.Ordinal)
    {
        ["num_boost_round"] = (new("num_boost_round", HyperParameterKind.Integer, new Interval(MinClosed: 1)), "100"),
        ["early_stopping_rounds"] = (new("early_stopping_rounds", HyperParameterKind.Integer), "10"),
        ["metric"] = (new("metric", HyperParameterKind.Categorical, Categories: Metrics), "auto"),
        ["learning_rate"] = (new("learning_rate", HyperParameterKind.Continuous, new Interval(MinOpen: 0, MaxOpen: 1)), "0.1"),
        ["num_leaves"] = (new("num_leaves", HyperParameterKind.Integer, new Interval(MinOpen: 1, MaxOpen: 131072)), "64"),
        ["feature_fraction"] = (new("feature_fraction", HyperParameterKind.Continuous, new Interval(MinOpen: 0, MaxClosed: 1)), "0.9"),
        ["bagging_fraction"] = (new("bagging_fraction", HyperParameterKind.Continuous, new Interval(MinOpen: 0, MaxClosed: 1)), "0.9"),
        ["bagging_freq"] = (new("bagging_freq", HyperParameterKind.Integer, new Interval(MinClosed: 0)), "1"),
        ["max_depth"] = (new("max_depth", HyperParameterKind.Integer), "6"),
        ["min_data_in_leaf"] = (new("min_data_in_leaf", HyperParameterKind.Integer, new Interval(MinClosed: 0)), "3"),
        ["max_delta_step"] = (new("max_delta_step", HyperParameterKind.Continuous), "0.0"),
        ["lambda_l1"] = (new("lambda_l1", HyperParameterKind.Continuous, new Interval(MinClosed: 0)), "0.0"),
        ["lambda_l2"] = (new("lambda_l2", HyperParameterKind.Continuous, new Interval(MinClosed: 0)), "0.0"),
        ["boosting"] = (new("boosting", HyperParameterKind.Categorical, Categories: ["gbdt", "rf", "dart", "goss"]), "gbdt"),
        ["min_gain_to_split"] = (new("min_gain_to_split", HyperParameterKind.Continuous, new Interval(MinClosed: 0)), "0.0"),
        ["scale_pos_weight"] = (new("scale_pos_weight", HyperParameterKind.Continuous, new Interval(MinOpen: 0)), "1.0"),
        ["tree_learner"] = (new("tree_learner", HyperParameterKind.Categorical, Categories: ["serial", "feature", "data", "voting"]), "serial"),
        ["feature_fraction_bynode"] = (new("feature_fraction_bynode", HyperParameterKind.Continuous, new Interval(MinOpen: 0, MaxClosed: 1)), "1.0"),
        ["is_unbalance"] = (new("is_unbalance", HyperParameterKind.Categorical, Categories: ["True", "False"]), "False"),
        ["max_bin"] = (new("max_bin", HyperParameterKind.Integer, new Interval(MinOpen: 1)), "255"),
        ["tweedie_variance_power"] = (new("tweedie_variance_power", HyperParameterKind.Continuous, new Interval(MinClosed: 1, MaxOpen: 2)), "1.5"),
        ["num_threads"] = (new("num_threads", HyperParameterKind.Integer, new Interval(MinClosed: 0)), "0"),
        ["verbosity"] = (new("verbosity", HyperParameterKind.Integer), "1"),
    };

    private readonly Dictionary<string, string> _values;

    private LightGbmSettings(Dictionary<string, string> values) => _values = values;

    public int NumBoostRound => int.Parse(_values["num_boost_round"], CultureInfo.InvariantCulture);

    /// <summary>Rounds without improvement before training stops; null when early stopping is off (a value of 0 or less).</summary>
    public int? EarlyStoppingRounds => int.Parse(_values["early_stopping_rounds"], CultureInfo.InvariantCulture) is > 0 and var rounds ? rounds : null;

    public string Metric => _values["metric"];

    public static LightGbmSettings Parse(IReadOnlyDictionary<string, string> hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        var values = Rules.ToDictionary(pair => pair.Key, pair => pair.Value.Default, StringComparer.Ordinal);
        foreach (var (name, raw) in hyperParameters)
        {
            if (!Rules.TryGetValue(name, out var entry))
            {
                throw new AlgorithmException(
                    $"Extraneous hyperparameter found: {name}. The SageMaker LightGBM algorithm does not accept it; remove it or check its spelling.");
            }

            var value = (raw ?? string.Empty).Trim();
            if (entry.Rule.Validate(value) is { } error)
            {
                throw new AlgorithmException(error);
            }

            values[name] = value;
        }

        if (values["is_unbalance"] == "True" && values["scale_pos_weight"] is not ("1" or "1.0"))
        {
            throw new AlgorithmException("scale_pos_weight cannot be used when is_unbalance is \"True\". Set only one of them.");
        }

        return new LightGbmSettings(values);
    }

    /// <summary>Builds LightGBM's parameter string for the task: "objective=binary metric=auc learning_rate=0.1 ...".</summary>
    public string NativeParameters(string objective, int? classCount, string metric, IReadOnlyList<int> categoricalFeatures)
    {
        var parameters = new List<string>
        {
            $"objective={objective}",
            $"metric={metric}",
            "verbosity=" + _values["verbosity"],
        };
        foreach (var name in new[]
                 {
                     "learning_rate", "num_leaves", "feature_fraction", "bagging_fraction", "bagging_freq", "max_depth", "min_data_in_leaf",
                     "max_delta_step", "lambda_l1", "lambda_l2", "boosting", "min_gain_to_split", "tree_learner", "feature_fraction_bynode",
                     "max_bin", "num_threads",
                 })
        {
            parameters.Add($"{name}={_values[name]}");
        }

        if (objective == "binary")
        {
            parameters.Add("is_unbalance=" + _values["is_unbalance"].ToLowerInvariant());
            if (_values["is_unbalance"] != "True")
            {
                parameters.Add("scale_pos_weight=" + _values["scale_pos_weight"]);
            }
        }

        if (objective == "tweedie")
        {
            parameters.Add("tweedie_variance_power=" + _values["tweedie_variance_power"]);
        }

        if (classCount is { } classes)
        {
            parameters.Add(FormattableString.Invariant($"num_class={classes}"));
        }

        if (categoricalFeatures.Count > 0)
        {
            parameters.Add("categorical_feature=" + string.Join(',', categoricalFeatures.Select(index => index.ToString(CultureInfo.InvariantCulture))));
        }

        return string.Join(' ', parameters);
    }
}
