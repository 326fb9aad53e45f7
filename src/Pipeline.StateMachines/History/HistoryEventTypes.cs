namespace Pipeline.StateMachines;

/// <summary>The history event type names of Step Functions and the details member each one carries.</summary>
public static class HistoryEventTypes
{
    public const string ExecutionStarted = "ExecutionStarted";
    public const string ExecutionSucceeded = "ExecutionSucceeded";
    public const string ExecutionFailed = "ExecutionFailed";
    public const string ExecutionAborted = "ExecutionAborted";
    public const string ExecutionTimedOut = "ExecutionTimedOut";
    public const string ExecutionRedriven = "ExecutionRedriven";
    public const string TaskScheduled = "TaskScheduled";
    public const string TaskStarted = "TaskStarted";
    public const string TaskSubmitted = "TaskSubmitted";
    public const string TaskSucceeded = "TaskSucceeded";
    public const string TaskFailed = "TaskFailed";
    public const string TaskTimedOut = "TaskTimedOut";
    public const string TaskStartFailed = "TaskStartFailed";
    public const string TaskSubmitFailed = "TaskSubmitFailed";
    public const string LambdaFunctionScheduled = "LambdaFunctionScheduled";
    public const string LambdaFunctionStarted = "LambdaFunctionStarted";
    public const string LambdaFunctionSucceeded = "LambdaFunctionSucceeded";
    public const string LambdaFunctionFailed = "LambdaFunctionFailed";
    public const string LambdaFunctionTimedOut = "LambdaFunctionTimedOut";
    public const string MapStateStarted = "MapStateStarted";
    public const string MapStateSucceeded = "MapStateSucceeded";
    public const string MapStateFailed = "MapStateFailed";
    public const string MapStateAborted = "MapStateAborted";
    public const string MapIterationStarted = "MapIterationStarted";
    public const string MapIterationSucceeded = "MapIterationSucceeded";
    public const string MapIterationFailed = "MapIterationFailed";
    public const string MapIterationAborted = "MapIterationAborted";
    public const string ParallelStateStarted = "ParallelStateStarted";
    public const string ParallelStateSucceeded = "ParallelStateSucceeded";
    public const string ParallelStateFailed = "ParallelStateFailed";
    public const string ParallelStateAborted = "ParallelStateAborted";
    public const string TaskStateAborted = "TaskStateAborted";
    public const string WaitStateAborted = "WaitStateAborted";

    /// <summary>
    /// Returns the details member name for an event type (<c>TaskStateEntered</c> has <c>stateEnteredEventDetails</c>),
    /// or null for types without details such as <c>ParallelStateStarted</c>.
    /// </summary>
    public static string? DetailsName(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.EndsWith("StateEntered", StringComparison.Ordinal))
        {
            return "stateEnteredEventDetails";
        }

        if (type.EndsWith("StateExited", StringComparison.Ordinal))
        {
            return "stateExitedEventDetails";
        }

        if (type.EndsWith("StateAborted", StringComparison.Ordinal))
        {
            return null;
        }

        return type switch
        {
            LambdaFunctionStarted or MapStateSucceeded or ParallelStateStarted or ParallelStateSucceeded
                or ParallelStateFailed or ParallelStateAborted or MapStateAborted or MapStateFailed => null,
            _ => char.ToLowerInvariant(type[0]) + type[1..] + "EventDetails",
        };
    }
}
