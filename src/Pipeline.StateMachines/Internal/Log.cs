using Microsoft.Extensions.Logging;

namespace Pipeline.StateMachines.Internal;

/// <summary>The log messages of Pipeline.StateMachines (event ids 1000-1999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Execution {ExecutionArn} started")]
    public static partial void ExecutionStarted(ILogger logger, string executionArn);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Execution {ExecutionArn} finished with status {Status}")]
    public static partial void ExecutionFinished(ILogger logger, string executionArn, string status);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Execution {ExecutionArn} failed with {Error}: {Cause}")]
    public static partial void ExecutionFailed(ILogger logger, string executionArn, string error, string? cause);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Execution {ExecutionArn} entered state {StateName}")]
    public static partial void StateEntered(ILogger logger, string executionArn, string stateName);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Task state {StateName} of {ExecutionArn} failed with {Error}: {Cause}")]
    public static partial void TaskFailed(ILogger logger, string executionArn, string stateName, string error, string? cause);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "State {StateName} of {ExecutionArn} retries after {Error}: attempt {Attempt} in {DelaySeconds} s")]
    public static partial void Retrying(ILogger logger, string executionArn, string stateName, string error, int attempt, double delaySeconds);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "State {StateName} of {ExecutionArn} caught {Error} and goes to {Next}")]
    public static partial void Caught(ILogger logger, string executionArn, string stateName, string error, string next);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "The task handler for state {StateName} of {ExecutionArn} threw an unexpected exception")]
    public static partial void HandlerCrashed(ILogger logger, Exception exception, string executionArn, string stateName);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Execution {ExecutionArn} stopped: {Error}")]
    public static partial void ExecutionStopped(ILogger logger, string executionArn, string? error);
}
