namespace Pipeline.Functions.Configuration;

/// <summary>The <c>training</c> section with defaults applied; the values CreateTrainingJob receives.</summary>
public sealed record TrainingConfiguration
{
    /// <summary>SageMaker's built-in XGBoost 1.7-1 in us-east-1; <see cref="XgboostImages"/> has the other regions.</summary>
    public const string DefaultTrainingImage = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";

    public string TrainingImage { get; init; } = DefaultTrainingImage;

    public string InstanceType { get; init; } = "ml.m5.large";

    public int InstanceCount { get; init; } = 1;

    public int VolumeSizeInGB { get; init; } = 10;

    public int MaxRuntimeInSeconds { get; init; } = 3600;

    /// <summary>Hyperparameters as strings, as CreateTrainingJob requires.</summary>
    public IReadOnlyDictionary<string, string> HyperParameters { get; init; } = DefaultHyperParameters;

    /// <summary>The hyperparameters used when the section has none.</summary>
    public static IReadOnlyDictionary<string, string> DefaultHyperParameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["objective"] = "binary:logistic",
        ["num_round"] = "100",
        ["eval_metric"] = "auc",
    };
}

/// <summary>The <c>promotion</c> section with defaults applied: the rule EvaluateCandidate applies.</summary>
public sealed record PromotionConfiguration
{
    public const string Maximize = "Maximize";
    public const string Minimize = "Minimize";

    /// <summary>A <c>FinalMetricDataList</c> metric name. Default <c>validation:auc</c>.</summary>
    public string Metric { get; init; } = "validation:auc";

    /// <summary><c>Maximize</c> or <c>Minimize</c>.</summary>
    public string Direction { get; init; } = Maximize;

    /// <summary>
    /// The value the candidate must reach (<c>&gt;=</c> when maximizing, <c>&lt;=</c> when minimizing);
    /// null means no threshold. The default is 0 when maximizing and null when minimizing.
    /// </summary>
    public double? Threshold { get; init; }

    /// <summary>How much the candidate must beat the champion by. Default 0.</summary>
    public double MinImprovement { get; init; }

    public bool IsMinimize => string.Equals(Direction, Minimize, StringComparison.Ordinal);
}

/// <summary>The <c>deployment</c> section with defaults applied.</summary>
public sealed record DeploymentConfiguration
{
    public required string EndpointName { get; init; }

    public string InstanceType { get; init; } = "ml.m5.large";

    public int InitialInstanceCount { get; init; } = 1;

    /// <summary>The default wait between DescribeEndpoint polls while an endpoint is created or updated.</summary>
    public const int DefaultStatusPollSeconds = 30;

    /// <summary>Seconds the state machine waits between DescribeEndpoint polls; 1 to 3600, default 30.</summary>
    public int StatusPollSeconds { get; init; } = DefaultStatusPollSeconds;

    /// <summary>
    /// Whether the endpoint accepts raw rows (the source file's columns, encoded at inference time with the
    /// preprocessing run's manifest) instead of rows of encoded features. Default false.
    /// </summary>
    public bool AcceptRawRows { get; init; }

    /// <summary>The default baking period of an endpoint update.</summary>
    public const int DefaultBakeSeconds = 300;

    /// <summary>
    /// Seconds an updated endpoint serves all traffic from the new model while the rollback alarm is watched, before
    /// the old fleet is released (the blue/green update's <c>WaitIntervalInSeconds</c>); 0 to 3600, default 300.
    /// </summary>
    public int BakeSeconds { get; init; } = DefaultBakeSeconds;

    /// <summary>
    /// Model errors (HTTP 5xx, <c>Invocation5XXErrors</c>) in one minute that trip the endpoint's rollback alarm and
    /// roll an update back to the previous model; 1 or more, default 1.
    /// </summary>
    public int RollbackErrorThreshold { get; init; } = 1;
}
