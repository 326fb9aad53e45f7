using Microsoft.Extensions.Logging;

namespace Pipeline.Local;

/// <summary>Log messages of tuning job completion criteria and warm start (event ids 6680-6689).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6680, Level = LogLevel.Information, Message = "Tuning job {TuningJobName} met its completion criteria after {ScoredTrialCount} scored training jobs ({Criteria}); it launches no more training jobs")]
    public static partial void TuningCompletionCriteriaMet(ILogger logger, string tuningJobName, int scoredTrialCount, string criteria);

    [LoggerMessage(EventId = 6681, Level = LogLevel.Information, Message = "Tuning job {TuningJobName} warm-starts from {ParentCount} parent tuning jobs with {TrialCount} usable scored training jobs")]
    public static partial void TuningWarmStarted(ILogger logger, string tuningJobName, int parentCount, int trialCount);
}
