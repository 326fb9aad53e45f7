using System.Text.Json.Nodes;

namespace Pipeline.StateMachines;

/// <summary>
/// Runs the work behind a Task state's <c>Resource</c>. The interpreter calls it once per attempt, with the
/// parameters already resolved. Throw <see cref="TaskFailedException"/> to fail the attempt with an error name.
/// </summary>
public interface ITaskResourceHandler
{
    /// <summary>Invokes the resource and returns its result (the state's raw result before ResultSelector).</summary>
    Task<JsonNode?> InvokeAsync(TaskRequest request, CancellationToken cancellationToken);
}

/// <summary>One invocation of a Task state's resource.</summary>
/// <param name="Resource">The Resource ARN as written in the definition, for example <c>arn:aws:states:::sagemaker:createTrainingJob.sync</c>.</param>
/// <param name="Parameters">The effective parameters (Parameters or Arguments applied to the state input).</param>
/// <param name="ExecutionArn">The ARN of the running execution.</param>
/// <param name="StateName">The name of the Task state.</param>
/// <param name="Context">The context object (<c>$$</c>) of this state entry and attempt.</param>
/// <param name="TaskToken">The task token when the resource uses <c>.waitForTaskToken</c>; null otherwise.</param>
/// <param name="Timeout">The state's TimeoutSeconds, when set.</param>
/// <param name="HeartbeatInterval">The state's HeartbeatSeconds, when set.</param>
public sealed record TaskRequest(
    string Resource,
    JsonNode? Parameters,
    string ExecutionArn,
    string StateName,
    JsonObject Context,
    string? TaskToken,
    TimeSpan? Timeout,
    TimeSpan? HeartbeatInterval)
{
    /// <summary>Set by the interpreter: records the TaskSubmitted event.</summary>
    internal Func<JsonNode?, ValueTask>? OnSubmitted { get; init; }

    /// <summary>
    /// Records a TaskSubmitted event with the response of the call that started the work, as Step Functions does for
    /// <c>.sync</c> resources (for example the CreateTrainingJob response before the job ends). Call it before returning.
    /// The interpreter records the first call of each attempt and ignores later ones; requests it did not create ignore all calls.
    /// </summary>
    public ValueTask ReportSubmittedAsync(JsonNode? response) => OnSubmitted?.Invoke(response) ?? ValueTask.CompletedTask;
}

/// <summary>Fails a task attempt with a Step Functions error name and cause, which Retry and Catch match on.</summary>
public class TaskFailedException : Exception
{
    public TaskFailedException(string error, string? cause)
        : base(cause is null ? error : $"{error}: {cause}")
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        Error = error;
        Cause = cause;
    }

    public TaskFailedException(string error, string? cause, Exception innerException)
        : base(cause is null ? error : $"{error}: {cause}", innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        Error = error;
        Cause = cause;
    }

    public TaskFailedException()
        : this("States.TaskFailed", cause: null)
    {
    }

    public TaskFailedException(string message)
        : this("States.TaskFailed", message)
    {
    }

    public TaskFailedException(string message, Exception innerException)
        : this("States.TaskFailed", message, innerException)
    {
    }

    /// <summary>The error name, such as <c>SageMaker.AmazonSageMakerException</c>.</summary>
    public string Error { get; }

    /// <summary>A human-readable cause, often a JSON document; null when there is none.</summary>
    public string? Cause { get; }
}
