namespace Pipeline.Learning;

/// <summary>
/// One input channel of a training job, as the algorithm sees it under /opt/ml/input/data/&lt;Name&gt;.
/// </summary>
/// <param name="Name">Channel name: "train", "validation".</param>
/// <param name="Files">Local paths of the channel's files, read in this order.</param>
/// <param name="ContentType">
/// As SageMaker takes it: "text/csv", "text/csv;label_size=1", "text/libsvm", "text/x-libsvm", "application/x-parquet".
/// An empty value means text/libsvm, the SageMaker XGBoost default.
/// </param>
/// <param name="CompressionType">"None" or "Gzip".</param>
public sealed record TrainingChannel(string Name, IReadOnlyList<string> Files, string ContentType, string CompressionType = "None");

/// <summary>What a training job gives its algorithm.</summary>
/// <param name="TrainingImage">The AlgorithmSpecification.TrainingImage, e.g. "...dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1".</param>
/// <param name="HyperParameters">Hyperparameters as strings, with SageMaker's names.</param>
/// <param name="Channels">Input channels.</param>
/// <param name="ModelDirectory">Where the model is written (the container's /opt/ml/model).</param>
/// <param name="WorkDirectory">Scratch space for the algorithm.</param>
public sealed record TrainingRequest(
    string TrainingImage,
    IReadOnlyDictionary<string, string> HyperParameters,
    IReadOnlyList<TrainingChannel> Channels,
    string ModelDirectory,
    string WorkDirectory)
{
    /// <summary>
    /// AlgorithmSpecification.MetricDefinitions: regular expressions whose first group captures a metric value in the
    /// algorithm's log. Used for bring-your-own algorithms; built-in algorithms report their metrics themselves.
    /// </summary>
    public IReadOnlyList<MetricDefinition> MetricDefinitions { get; init; } = [];

    /// <summary>Environment variables for a bring-your-own algorithm (CreateTrainingJob's Environment).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The training job name, passed to bring-your-own algorithms as TRAINING_JOB_NAME.</summary>
    public string? TrainingJobName { get; init; }
}

/// <summary>A metric SageMaker reads from an algorithm's log with a regular expression (first group = value).</summary>
public sealed record MetricDefinition(string Name, string Regex);

/// <summary>A metric value with SageMaker's name for it, e.g. "validation:auc" or "train:rmse".</summary>
public sealed record MetricValue(string MetricName, double Value);

/// <summary>The metrics evaluated after one boosting round (0-based).</summary>
public sealed record TrainingRound(int Round, IReadOnlyList<MetricValue> Metrics);

/// <summary>The result of a training run.</summary>
/// <param name="FinalMetrics">The values for FinalMetricDataList: the last round's, or the best round's with early stopping.</param>
/// <param name="RoundsCompleted">Boosting rounds completed, including rounds early stopping discarded.</param>
/// <param name="Interrupted">True when cancellation stopped training; the model of the last completed round was saved.</param>
public sealed record TrainingOutcome(IReadOnlyList<MetricValue> FinalMetrics, int RoundsCompleted, bool Interrupted);
