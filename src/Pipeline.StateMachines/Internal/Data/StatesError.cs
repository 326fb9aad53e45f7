namespace Pipeline.StateMachines.Internal.Data;

/// <summary>The error names Step Functions reserves, as the ASL specification lists them.</summary>
internal static class StatesErrors
{
    public const string All = "States.ALL";
    public const string DataLimitExceeded = "States.DataLimitExceeded";
    public const string Runtime = "States.Runtime";
    public const string Timeout = "States.Timeout";
    public const string HeartbeatTimeout = "States.HeartbeatTimeout";
    public const string TaskFailed = "States.TaskFailed";
    public const string Permissions = "States.Permissions";
    public const string ResultPathMatchFailure = "States.ResultPathMatchFailure";
    public const string ParameterPathFailure = "States.ParameterPathFailure";
    public const string QueryEvaluationError = "States.QueryEvaluationError";
    public const string BranchFailed = "States.BranchFailed";
    public const string NoChoiceMatched = "States.NoChoiceMatched";
    public const string IntrinsicFailure = "States.IntrinsicFailure";
    public const string ExceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold";
    public const string ItemReaderFailed = "States.ItemReaderFailed";
    public const string ResultWriterFailed = "States.ResultWriterFailed";

    /// <summary>Every reserved name, for validating ErrorEquals.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        All, DataLimitExceeded, Runtime, Timeout, HeartbeatTimeout, TaskFailed, Permissions, ResultPathMatchFailure,
        ParameterPathFailure, QueryEvaluationError, BranchFailed, NoChoiceMatched, IntrinsicFailure,
        ExceedToleratedFailureThreshold, ItemReaderFailed, ResultWriterFailed,
    };
}

/// <summary>
/// A failure inside the interpreter carrying a Step Functions error name and cause. Retry and Catch match on
/// <see cref="Error"/>. Terminal errors (States.Runtime, States.DataLimitExceeded) are never caught.
/// </summary>
internal sealed class StatesException : Exception
{
    public StatesException(string error, string? cause)
        : base(cause ?? error)
    {
        Error = error;
        Cause = cause;
    }

    public StatesException()
        : this(StatesErrors.Runtime, cause: null)
    {
    }

    public StatesException(string message)
        : this(StatesErrors.Runtime, message)
    {
    }

    public StatesException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = StatesErrors.Runtime;
        Cause = message;
    }

    public string Error { get; }

    public string? Cause { get; }

    /// <summary>True for the errors that no Retry or Catch can handle.</summary>
    public bool IsTerminal => Error is StatesErrors.Runtime or StatesErrors.DataLimitExceeded;
}

/// <summary>
/// A failure while evaluating a path, template or intrinsic function. The state executor turns it into a
/// States.Runtime error with the "An error occurred while executing the state" prefix.
/// </summary>
internal sealed class EvaluationException : Exception
{
    public EvaluationException(string message)
        : base(message)
    {
        Error = StatesErrors.Runtime;
    }

    public EvaluationException(string error, string message)
        : base(message)
    {
        Error = error;
    }

    public EvaluationException()
        : this("The evaluation failed.")
    {
    }

    public EvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = StatesErrors.Runtime;
    }

    public string Error { get; }
}
