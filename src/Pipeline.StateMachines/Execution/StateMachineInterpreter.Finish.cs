using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;

namespace Pipeline.StateMachines;

/// <summary>The final event of an execution: succeeded, failed, aborted or timed out.</summary>
public sealed partial class StateMachineInterpreter
{
    private async Task<ExecutionResult> FinishAsync(ExecutionRun run, ExecutionControl control, BranchContext branch, Func<Task<StateOutcome>> body)
    {
        var arn = run.Request.ExecutionArn;
        ExecutionStatus status;
        string? output = null;
        string? error = null;
        string? cause = null;
        try
        {
            var outcome = await body().ConfigureAwait(false);
            if (outcome.Failed)
            {
                status = ExecutionStatus.Failed;
                (error, cause) = (outcome.Error, outcome.Cause);
            }
            else
            {
                status = ExecutionStatus.Succeeded;
                output = JsonText.Serialize(outcome.Output);
            }
        }
        catch (OperationCanceledException) when (control.Token.IsCancellationRequested)
        {
            if (control.TimedOut)
            {
                status = ExecutionStatus.TimedOut;
                (error, cause) = (StatesErrors.Timeout, "The execution exceeded the TimeoutSeconds of the state machine.");
            }
            else
            {
                status = ExecutionStatus.Aborted;
                (error, cause) = (control.StopError, control.StopCause);
            }
        }
        catch (StatesException ex)
        {
            status = ExecutionStatus.Failed;
            (error, cause) = (ex.Error, ex.Cause);
        }

        var (type, details) = status switch
        {
            ExecutionStatus.Succeeded => (HistoryEventTypes.ExecutionSucceeded, (Func<JsonObject>)(() => new JsonObject
            {
                ["output"] = output,
                ["outputDetails"] = new JsonObject { ["truncated"] = false },
            })),
            ExecutionStatus.Failed => (HistoryEventTypes.ExecutionFailed, () => ErrorDetails(error, cause)),
            ExecutionStatus.TimedOut => (HistoryEventTypes.ExecutionTimedOut, () => ErrorDetails(error, cause)),
            _ => (HistoryEventTypes.ExecutionAborted, () => ErrorDetails(error, cause)),
        };
        await run.AppendAsync(branch, type, details, run.LastEventId).ConfigureAwait(false);
        if (status == ExecutionStatus.Failed)
        {
            Log.ExecutionFailed(logger, arn, error ?? string.Empty, cause);
        }

        Log.ExecutionFinished(logger, arn, status.ToAwsName());
        var events = run.Snapshot();
        return new ExecutionResult(status, output, error, cause, run.StartTime, events[^1].Timestamp, events);
    }

    private static JsonObject ErrorDetails(string? error, string? cause)
    {
        var details = new JsonObject();
        if (error is not null)
        {
            details["error"] = error;
        }

        if (cause is not null)
        {
            details["cause"] = cause;
        }

        return details;
    }

}
