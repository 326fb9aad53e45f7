namespace Pipeline.Functions.RunawayJobs;

/// <summary>The kinds of long-running work that RunawayJobs watches.</summary>
public enum RunningJobKind
{
    Execution,
    TrainingJob,
    TuningJob,
}

/// <summary>A running execution or SageMaker job, with the time its runtime is counted from.</summary>
/// <param name="Id">The execution ARN, or the training or tuning job name.</param>
/// <param name="StartTime">The execution's start date, or the job's CreationTime.</param>
public sealed record RunningJob(RunningJobKind Kind, string Id, DateTimeOffset StartTime)
{
    /// <summary>Returns how long the job has run at <paramref name="now"/>; never negative.</summary>
    public TimeSpan AgeAt(DateTimeOffset now) => now > StartTime ? now - StartTime : TimeSpan.Zero;
}

/// <summary>The custom metrics that RunawayJobs publishes and the runaway alarms watch, one value per measurement.</summary>
public static class RunawayMetrics
{
    /// <summary>The runtime in seconds of the oldest RUNNING execution of the state machine; 0 when none runs.</summary>
    public const string OldestExecutionAgeSeconds = "OldestExecutionAgeSeconds";

    /// <summary>The runtime in seconds of the oldest InProgress training job in scope; 0 when none runs.</summary>
    public const string OldestTrainingJobAgeSeconds = "OldestTrainingJobAgeSeconds";

    /// <summary>The runtime in seconds of the oldest InProgress tuning job in scope; 0 when none runs.</summary>
    public const string OldestTuningJobAgeSeconds = "OldestTuningJobAgeSeconds";

    /// <summary>Returns the metric of one kind of job.</summary>
    public static string NameOf(RunningJobKind kind) => kind switch
    {
        RunningJobKind.Execution => OldestExecutionAgeSeconds,
        RunningJobKind.TrainingJob => OldestTrainingJobAgeSeconds,
        _ => OldestTuningJobAgeSeconds,
    };
}
