using System.Globalization;
using Pipeline.Functions.DataArrived;

namespace Pipeline.Functions.RunawayJobs;

/// <summary>Which running jobs RunawayJobs measures and stops.</summary>
public enum JobScope
{
    /// <summary>The executions of the retraining state machine and the training jobs they started (named in their input).</summary>
    Pipeline,

    /// <summary>Also every InProgress training job and hyperparameter tuning job in the account and Region.</summary>
    Account,
}

/// <summary>The settings of RunawayJobs, read from its environment variables.</summary>
public sealed record RunawayJobsOptions
{
    private readonly List<string> _parseProblems = [];

    /// <summary>The retraining state machine (<c>STATE_MACHINE_ARN</c>, required).</summary>
    public string? StateMachineArn { get; init; }

    /// <summary>The CloudWatch namespace of the age metrics (<c>METRIC_NAMESPACE</c>, required).</summary>
    public string? MetricNamespace { get; init; }

    /// <summary>The longest an execution may run (<c>MAX_EXECUTION_SECONDS</c>, default 8 hours).</summary>
    public TimeSpan MaxExecutionRuntime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>The longest a training job may run (<c>MAX_TRAINING_JOB_SECONDS</c>, default 4 hours).</summary>
    public TimeSpan MaxTrainingJobRuntime { get; init; } = TimeSpan.FromHours(4);

    /// <summary>The longest a hyperparameter tuning job may run (<c>MAX_TUNING_JOB_SECONDS</c>, default 12 hours).</summary>
    public TimeSpan MaxTuningJobRuntime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>The jobs measured and stopped (<c>JOB_SCOPE</c>, <c>Pipeline</c> or <c>Account</c>, default <c>Pipeline</c>).</summary>
    public JobScope Scope { get; init; } = JobScope.Pipeline;

    /// <summary>Reads the options from environment variables; invalid values are reported by <see cref="Validate"/>.</summary>
    public static RunawayJobsOptions FromEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var problems = new List<string>();
        var defaults = new RunawayJobsOptions();
        var scopeText = DataArrivedOptions.Get(environment, "JOB_SCOPE");
        var scope = JobScope.Pipeline;
        if (scopeText is not null && !TryParseScope(scopeText, out scope))
        {
            problems.Add($"JOB_SCOPE '{scopeText}' is invalid. Use Pipeline or Account.");
        }

        var options = new RunawayJobsOptions
        {
            StateMachineArn = DataArrivedOptions.Get(environment, "STATE_MACHINE_ARN"),
            MetricNamespace = DataArrivedOptions.Get(environment, "METRIC_NAMESPACE"),
            MaxExecutionRuntime = ReadSeconds(environment, "MAX_EXECUTION_SECONDS", defaults.MaxExecutionRuntime, problems),
            MaxTrainingJobRuntime = ReadSeconds(environment, "MAX_TRAINING_JOB_SECONDS", defaults.MaxTrainingJobRuntime, problems),
            MaxTuningJobRuntime = ReadSeconds(environment, "MAX_TUNING_JOB_SECONDS", defaults.MaxTuningJobRuntime, problems),
            Scope = scope,
        };
        options._parseProblems.AddRange(problems);
        return options;
    }

    /// <summary>Returns every problem with the options at once, or an empty list.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>(_parseProblems);
        if (string.IsNullOrEmpty(StateMachineArn))
        {
            problems.Add("STATE_MACHINE_ARN is not set. Set it to the ARN of the retraining state machine.");
        }

        if (string.IsNullOrEmpty(MetricNamespace))
        {
            problems.Add("METRIC_NAMESPACE is not set. Set it to the namespace that the runaway alarms watch.");
        }
        else if (MetricNamespace.StartsWith("AWS/", StringComparison.Ordinal))
        {
            problems.Add($"METRIC_NAMESPACE '{MetricNamespace}' starts with AWS/, which CloudWatch reserves for AWS services. Choose another namespace.");
        }

        foreach (var (name, value) in new[] { ("MAX_EXECUTION_SECONDS", MaxExecutionRuntime), ("MAX_TRAINING_JOB_SECONDS", MaxTrainingJobRuntime), ("MAX_TUNING_JOB_SECONDS", MaxTuningJobRuntime) })
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"{name} is {value.TotalSeconds} seconds. Set a positive number of seconds.");
            }
        }

        return problems;
    }

    /// <summary>Returns the runtime limit of one kind of job.</summary>
    internal TimeSpan LimitOf(RunningJobKind kind) => kind switch
    {
        RunningJobKind.Execution => MaxExecutionRuntime,
        RunningJobKind.TrainingJob => MaxTrainingJobRuntime,
        _ => MaxTuningJobRuntime,
    };

    /// <summary>Returns the environment variable that sets the limit of one kind of job.</summary>
    internal static string LimitVariableOf(RunningJobKind kind) => kind switch
    {
        RunningJobKind.Execution => "MAX_EXECUTION_SECONDS",
        RunningJobKind.TrainingJob => "MAX_TRAINING_JOB_SECONDS",
        _ => "MAX_TUNING_JOB_SECONDS",
    };

    private static bool TryParseScope(string text, out JobScope scope)
    {
        foreach (var candidate in Enum.GetValues<JobScope>())
        {
            if (text.Equals(candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                scope = candidate;
                return true;
            }
        }

        scope = JobScope.Pipeline;
        return false;
    }

    private static TimeSpan ReadSeconds(IReadOnlyDictionary<string, string?> environment, string name, TimeSpan fallback, List<string> problems)
    {
        var text = DataArrivedOptions.Get(environment, name);
        if (text is null)
        {
            return fallback;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > int.MaxValue)
        {
            problems.Add($"{name} '{text}' is not a positive whole number of seconds. Set it to, for example, 14400 for 4 hours.");
            return fallback;
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
