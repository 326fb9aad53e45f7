namespace Pipeline.Learning.Internal.XGBoost;

/// <summary>
/// The hyperparameters the SageMaker XGBoost 1.7-1 algorithm accepts, with the ranges its container
/// validates (sagemaker-xgboost-container, algorithm_mode/hyperparameter_validation.py).
/// </summary>
internal static class XGBoostHyperParameterRules
{
    public static readonly IReadOnlyList<string> MaximizeMetrics =
        ["accuracy", "auc", "aucpr", "balanced_accuracy", "f1", "f1_binary", "f1_macro", "map", "ndcg", "precision", "r2", "recall",
         "precision_macro", "precision_micro", "recall_macro", "recall_micro"];

    public static readonly IReadOnlyList<string> MinimizeMetrics =
        ["aft-nloglik", "cox-nloglik", "error", "gamma-deviance", "gamma-nloglik", "interval-regression-accuracy", "logloss", "mae", "mape",
         "merror", "mlogloss", "mphe", "mse", "poisson-nloglik", "rmse", "rmsle", "tweedie-nloglik"];

    /// <summary>
    /// Metrics the container computes from margin predictions itself (its custom_metrics module) because libxgboost 1.7
    /// lacks them. The container also routes rmse and mae there; libxgboost computes those the same way for
    /// identity-link objectives, so the local trainer leaves them to libxgboost.
    /// </summary>
    public static readonly IReadOnlyList<string> CustomMetrics =
        ["accuracy", "balanced_accuracy", "f1", "f1_binary", "f1_macro", "mse", "precision", "precision_macro", "precision_micro", "r2",
         "recall", "recall_macro", "recall_micro"];

    public static readonly IReadOnlyList<string> Objectives =
        ["binary:logistic", "binary:logitraw", "binary:hinge", "count:poisson", "multi:softmax", "multi:softprob", "rank:pairwise", "rank:ndcg",
         "rank:map", "reg:linear", "reg:squarederror", "reg:logistic", "reg:gamma", "reg:pseudohubererror", "reg:squaredlogerror",
         "reg:absoluteerror", "reg:tweedie", "survival:aft", "survival:cox"];

    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["learning_rate"] = "eta",
        ["min_split_loss"] = "gamma",
        ["reg_lambda"] = "lambda",
        ["reg_alpha"] = "alpha",
    };

    /// <summary>Hyperparameters consumed by the training loop rather than passed to XGBoosterSetParam.</summary>
    public static readonly IReadOnlySet<string> LoopOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "num_round", "early_stopping_rounds", "csv_weights", "save_model_on_termination", "_kfold", "_num_cv_round",
        "_tuning_objective_metric", "use_dask_gpu_training", "eval_metric",
    };

    public static readonly IReadOnlyDictionary<string, HyperParameterRule> All = Build();

    private static Dictionary<string, HyperParameterRule> Build()
    {
        HyperParameterRule Int(string name, Interval? range = null) => new(name, HyperParameterKind.Integer, range);
        HyperParameterRule Real(string name, Interval? range = null) => new(name, HyperParameterKind.Continuous, range);
        HyperParameterRule Choice(string name, params string[] values) => new(name, HyperParameterKind.Categorical, Categories: values);

        string[] updaters = ["grow_colmaker", "distcol", "grow_histmaker", "grow_skmaker", "sync", "refresh", "prune", "grow_quantile_histmaker", "shotgun", "coord_descent"];
        var zeroToOne = new Interval(MinClosed: 0, MaxClosed: 1);
        var openZeroToOne = new Interval(MinOpen: 0, MaxClosed: 1);
        var nonNegative = new Interval(MinClosed: 0);

        HyperParameterRule[] rules =
        [
            Int("num_round", new Interval(MinClosed: 1)),
            Int("csv_weights", zeroToOne),
            Int("early_stopping_rounds", new Interval(MinClosed: 1)),
            Choice("booster", "gbtree", "gblinear", "dart"),
            Int("verbosity", new Interval(MinClosed: 0, MaxClosed: 3)),
            Int("nthread", new Interval(MinClosed: 1)),
            Real("eta", zeroToOne),
            Real("gamma", nonNegative),
            Int("max_depth", nonNegative),
            Real("min_child_weight", nonNegative),
            Real("max_delta_step", nonNegative),
            Real("subsample", openZeroToOne),
            Real("colsample_bytree", openZeroToOne),
            Real("colsample_bylevel", openZeroToOne),
            Real("colsample_bynode", openZeroToOne),
            Real("lambda", nonNegative),
            Real("alpha", nonNegative),
            Choice("tree_method", "auto", "exact", "approx", "hist", "gpu_hist"),
            Real("sketch_eps", new Interval(MinOpen: 0, MaxOpen: 1)),
            Real("scale_pos_weight", new Interval(MinOpen: 0)),
            new("updater", HyperParameterKind.CommaSeparatedList, Categories: updaters),
            Choice("dsplit", "row", "col"),
            Int("refresh_leaf", zeroToOne),
            Choice("process_type", "default", "update"),
            Choice("grow_policy", "depthwise", "lossguide"),
            Int("max_leaves", nonNegative),
            Int("max_bin", nonNegative),
            Choice("predictor", "auto", "cpu_predictor", "gpu_predictor"),
            new("monotone_constraints", HyperParameterKind.Text),
            new("interaction_constraints", HyperParameterKind.Text),
            Choice("sample_type", "uniform", "weighted"),
            Choice("normalize_type", "tree", "forest"),
            Real("rate_drop", zeroToOne),
            Int("one_drop", zeroToOne),
            Real("skip_drop", zeroToOne),
            Real("lambda_bias", zeroToOne),
            Real("tweedie_variance_power", new Interval(MinOpen: 1, MaxOpen: 2)),
            new("objective", HyperParameterKind.Categorical, Categories: Objectives),
            Int("num_class", new Interval(MinClosed: 2)),
            Real("base_score", nonNegative),
            Int("_kfold", new Interval(MinClosed: 2)),
            Int("_num_cv_round", new Interval(MinClosed: 1)),
            new("_tuning_objective_metric", HyperParameterKind.Text),
            new("eval_metric", HyperParameterKind.CommaSeparatedList),
            Int("seed", new Interval(MinOpen: -2147483648, MaxOpen: 2147483647)),
            Int("num_parallel_tree", new Interval(MinClosed: 1)),
            Choice("save_model_on_termination", "true", "false"),
            Choice("aft_loss_distribution", "normal", "logistic", "extreme"),
            Real("aft_loss_distribution_scale", nonNegative),
            Choice("deterministic_histogram", "true", "false"),
            Choice("sampling_method", "uniform", "gradient_based"),
            Int("prob_buffer_row", new Interval(MinOpen: 1)),
            Choice("use_dask_gpu_training", "true", "false"),
        ];
        return rules.ToDictionary(rule => rule.Name, StringComparer.Ordinal);
    }
}
