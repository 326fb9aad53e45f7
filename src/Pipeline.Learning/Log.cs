using Microsoft.Extensions.Logging;

namespace Pipeline.Learning;

/// <summary>Log messages of Pipeline.Learning (event ids 2000-2999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Training {Algorithm} from image {TrainingImage}")]
    public static partial void TrainingStarted(ILogger logger, string algorithm, string trainingImage);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Training finished after {Rounds} rounds (interrupted: {Interrupted})")]
    public static partial void TrainingFinished(ILogger logger, int rounds, bool interrupted);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Training failed: {Reason}")]
    public static partial void TrainingFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Loaded channel {Channel}: {Rows} rows, {Columns} columns in {Milliseconds} ms")]
    public static partial void ChannelLoaded(ILogger logger, string channel, int rows, int columns, long milliseconds);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Training image {TrainingImage} names XGBoost {RequestedVersion}; training with libxgboost {InstalledVersion}")]
    public static partial void VersionMismatch(ILogger logger, string trainingImage, string requestedVersion, string installedVersion);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "libxgboost: {Message}")]
    public static partial void NativeMessage(ILogger logger, string message);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Loaded {Algorithm} model from {ModelDirectory}")]
    public static partial void ModelLoaded(ILogger logger, string algorithm, string modelDirectory);
}
