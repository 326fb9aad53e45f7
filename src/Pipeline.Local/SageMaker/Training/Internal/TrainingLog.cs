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
}
