using Microsoft.Extensions.Logging;

namespace Pipeline.Local;

/// <summary>Log messages of the local SageMaker training and tuning jobs (event ids 6600-6699).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6600, Level = LogLevel.Information, Message = "Training job {TrainingJobName} created")]
    public static partial void TrainingJobCreated(ILogger logger, string trainingJobName);

    [LoggerMessage(EventId = 6601, Level = LogLevel.Information, Message = "Training job {TrainingJobName} ended with status {TrainingJobStatus} ({SecondaryStatus})")]
    public static partial void TrainingJobEnded(ILogger logger, string trainingJobName, string trainingJobStatus, string secondaryStatus);

    [LoggerMessage(EventId = 6602, Level = LogLevel.Warning, Message = "Training job {TrainingJobName} failed: {FailureReason}")]
    public static partial void TrainingJobFailed(ILogger logger, string trainingJobName, string failureReason);

    [LoggerMessage(EventId = 6603, Level = LogLevel.Error, Message = "Training job {TrainingJobName} failed with an unexpected error")]
    public static partial void TrainingJobCrashed(ILogger logger, Exception exception, string trainingJobName);

    [LoggerMessage(EventId = 6604, Level = LogLevel.Information, Message = "Stopping training job {TrainingJobName}")]
    public static partial void TrainingJobStopping(ILogger logger, string trainingJobName);

    [LoggerMessage(EventId = 6605, Level = LogLevel.Warning, Message = "Training job {TrainingJobName} was {TrainingJobStatus} when the local runtime last stopped; marking it Failed")]
    public static partial void TrainingJobOrphaned(ILogger logger, string trainingJobName, string trainingJobStatus);

    [LoggerMessage(EventId = 6650, Level = LogLevel.Information, Message = "Tuning job {TuningJobName} created with strategy {Strategy}")]
    public static partial void TuningJobCreated(ILogger logger, string tuningJobName, string strategy);

    [LoggerMessage(EventId = 6651, Level = LogLevel.Information, Message = "Tuning job {TuningJobName} launched training job {TrainingJobName}")]
    public static partial void TuningTrialLaunched(ILogger logger, string tuningJobName, string trainingJobName);

    [LoggerMessage(EventId = 6652, Level = LogLevel.Information, Message = "Tuning job {TuningJobName} ended with status {Status}; best training job {BestTrainingJobName}")]
    public static partial void TuningJobEnded(ILogger logger, string tuningJobName, string status, string? bestTrainingJobName);

    [LoggerMessage(EventId = 6653, Level = LogLevel.Error, Message = "Tuning job {TuningJobName} failed with an unexpected error")]
    public static partial void TuningJobCrashed(ILogger logger, Exception exception, string tuningJobName);

    [LoggerMessage(EventId = 6654, Level = LogLevel.Information, Message = "Tuning job {TuningJobName} stops training job {TrainingJobName} early: its objective {Value} at round {Round} is worse than the median {Median}")]
    public static partial void TuningTrialStoppedEarly(ILogger logger, string tuningJobName, string trainingJobName, double value, int round, double median);
}
