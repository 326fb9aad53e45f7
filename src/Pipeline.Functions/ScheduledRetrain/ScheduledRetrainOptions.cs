using Pipeline.Functions.Configuration;
using Pipeline.Functions.DataArrived;

namespace Pipeline.Functions.ScheduledRetrain;

/// <summary>Which data a scheduled invocation retrains on, and when it starts nothing.</summary>
public enum ScheduledRunMode
{
    /// <summary>Every invocation starts one execution per dataset, on its newest data file.</summary>
    Always,

    /// <summary>
    /// An invocation starts an execution only for a dataset whose newest data file and configuration have none
    /// yet: the execution gets the name an S3 event for that file gets.
    /// </summary>
    WhenChanged,
}

/// <summary>The settings of ScheduledRetrain, read from its environment variables.</summary>
public sealed record ScheduledRetrainOptions
{
    /// <summary>The state machine to start (<c>STATE_MACHINE_ARN</c>, required).</summary>
    public string? StateMachineArn { get; init; }

    /// <summary>The bucket whose datasets are retrained (<c>DATA_BUCKET</c>, required).</summary>
    public string? DataBucket { get; init; }

    /// <summary>The prefix of the dataset folders (<c>INCOMING_PREFIX</c>, default <c>incoming/</c>).</summary>
    public string IncomingPrefix { get; init; } = "incoming/";

    /// <summary>The prefix of the dataset configurations (<c>CONFIG_PREFIX</c>, default <c>config/</c>).</summary>
    public string ConfigPrefix { get; init; } = "config/";

    /// <summary>The region whose default training image is used (<c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>).</summary>
    public string? Region { get; init; }

    /// <summary>The training image for configurations that name none (<c>DEFAULT_TRAINING_IMAGE</c>).</summary>
    public string? DefaultTrainingImage { get; init; }

    /// <summary>The datasets to retrain (<c>SCHEDULED_DATASETS</c>, comma-separated); empty means every dataset folder.</summary>
    public IReadOnlyList<string> Datasets { get; init; } = [];

    /// <summary>The run mode (<c>SCHEDULED_RUN_MODE</c>, <c>Always</c> or <c>WhenChanged</c>); null when the variable has another value.</summary>
    public ScheduledRunMode? Mode { get; init; } = ScheduledRunMode.Always;

    /// <summary>The text of <c>SCHEDULED_RUN_MODE</c>, kept for the error message when it is invalid.</summary>
    public string? ModeText { get; init; }

    /// <summary>Reads the options from environment variables.</summary>
    public static ScheduledRetrainOptions FromEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var modeText = DataArrivedOptions.Get(environment, "SCHEDULED_RUN_MODE");
        ScheduledRunMode? mode = modeText switch
        {
            null => ScheduledRunMode.Always,
            _ when modeText.Equals(nameof(ScheduledRunMode.Always), StringComparison.OrdinalIgnoreCase) => ScheduledRunMode.Always,
            _ when modeText.Equals(nameof(ScheduledRunMode.WhenChanged), StringComparison.OrdinalIgnoreCase) => ScheduledRunMode.WhenChanged,
            _ => null,
        };
        return new ScheduledRetrainOptions
        {
            StateMachineArn = DataArrivedOptions.Get(environment, "STATE_MACHINE_ARN"),
            DataBucket = DataArrivedOptions.Get(environment, "DATA_BUCKET"),
            Region = DataArrivedOptions.Get(environment, "AWS_REGION") ?? DataArrivedOptions.Get(environment, "AWS_DEFAULT_REGION"),
            DefaultTrainingImage = DataArrivedOptions.Get(environment, "DEFAULT_TRAINING_IMAGE"),
            IncomingPrefix = DataArrivedOptions.NormalizePrefix(DataArrivedOptions.Get(environment, "INCOMING_PREFIX") ?? "incoming/"),
            ConfigPrefix = DataArrivedOptions.NormalizePrefix(DataArrivedOptions.Get(environment, "CONFIG_PREFIX") ?? "config/"),
            Datasets = (DataArrivedOptions.Get(environment, "SCHEDULED_DATASETS") ?? string.Empty)
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct(StringComparer.Ordinal)
                .ToList(),
            Mode = mode,
            ModeText = modeText,
        };
    }

    /// <summary>Returns every problem with the options at once, or an empty list.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(StateMachineArn))
        {
            problems.Add("STATE_MACHINE_ARN is not set. Set it to the ARN of the retraining state machine.");
        }

        if (string.IsNullOrEmpty(DataBucket))
        {
            problems.Add("DATA_BUCKET is not set. Set it to the name of the bucket that holds the dataset folders.");
        }

        if (Mode is null)
        {
            problems.Add($"SCHEDULED_RUN_MODE '{ModeText}' is invalid. Use Always or WhenChanged.");
        }

        foreach (var dataset in Datasets.Where(dataset => !SageMakerNames.IsValidDatasetName(dataset)))
        {
            problems.Add($"SCHEDULED_DATASETS names '{dataset}', which is not a valid dataset name: {SageMakerNames.DatasetNameRule}.");
        }

        return problems;
    }

    /// <summary>Returns the settings that the shared execution starter reads.</summary>
    internal DataArrivedOptions ToRunOptions() => new()
    {
        StateMachineArn = StateMachineArn,
        IncomingPrefix = IncomingPrefix,
        ConfigPrefix = ConfigPrefix,
        Region = Region,
        DefaultTrainingImage = DefaultTrainingImage,
    };
}
