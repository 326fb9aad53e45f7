using Microsoft.Extensions.Logging;

namespace Pipeline.Preprocessing;

/// <summary>Log messages of the preprocessing engine (event ids 3000-3999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Preprocessing {InputFile} ({InputBytes} bytes, format {Format}) into {OutputDirectory}")]
    public static partial void RunStarted(ILogger logger, string inputFile, long inputBytes, InputFormat format, string outputDirectory);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Profiled {Rows} rows of {InputFile}: {Features} features, {Dropped} columns dropped")]
    public static partial void Profiled(ILogger logger, long rows, string inputFile, int features, int dropped);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Column {Column} of {InputFile} was dropped: {Reason}")]
    public static partial void ColumnDropped(ILogger logger, string column, string inputFile, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Preprocessed {InputFile}: {Train} train, {Validation} validation, {Test} test rows in {ElapsedMilliseconds} ms")]
    public static partial void RunCompleted(ILogger logger, string inputFile, long train, long validation, long test, long elapsedMilliseconds);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Preprocessing {InputFile} failed: {Message}")]
    public static partial void RunFailed(ILogger logger, string inputFile, string message);
}
