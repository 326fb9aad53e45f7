using System.Text.Json.Nodes;
using Pipeline.Local.Services;
using Pipeline.StateMachines;

namespace Pipeline.Local.StepFunctions;

/// <summary>RedriveExecution and the redrive fields of DescribeExecution.</summary>
public sealed partial class StepFunctionsService
{
    /// <summary>How long after it stopped an execution can be redriven: 14 days, as on AWS.</summary>
    public static readonly TimeSpan RedrivePeriod = TimeSpan.FromDays(14);

    /// <summary>The largest history AWS redrives: 25,000 events.</summary>
    private const int MaxRedriveHistoryEvents = 25_000;

    /// <summary>
    /// Restarts a FAILED, TIMED_OUT or ABORTED execution from the state that did not finish, with the same ARN
    /// and input. Its history continues after an ExecutionRedriven event. Raises ExecutionDoesNotExist, or
    /// ExecutionNotRedrivable with the reason that DescribeExecution gives as <c>redriveStatusReason</c>.
    /// </summary>
    /// <returns>The redrive date.</returns>
    public async Task<DateTimeOffset> RedriveExecutionAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionArn);
        var record = await GetExecutionAsync(executionArn, cancellationToken).ConfigureAwait(false)
            ?? throw new AwsServiceException("ExecutionDoesNotExist", $"Execution Does Not Exist: '{executionArn}'");
        var history = await GetHistoryAsync(executionArn, cancellationToken).ConfigureAwait(false);
        if (NotRedrivableReason(record, history) is { } reason)
        {
            throw new AwsServiceException("ExecutionNotRedrivable", $"The execution '{executionArn}' cannot be redriven: {reason}");
        }

        // The status check and the change to RUNNING are one UPDATE, so two redrives at once start one run.
        if (!await _repository.TryReopenAsync(executionArn, cancellationToken).ConfigureAwait(false))
        {
            throw new AwsServiceException("ExecutionNotRedrivable", $"The execution '{executionArn}' cannot be redriven: it was redriven or changed while this request ran.");
        }

        var machine = _machines[record.StateMachineArn];
        var request = new ExecutionRequest(machine.Definition, record.StateMachineArn, executionArn, record.Name, record.Input) { RedriveFrom = history };
        var redriveDate = _timeProvider.GetUtcNow();
        Log.ExecutionRedriving(_logger, executionArn, record.Status);
        _running[executionArn] = RunAsync(request);
        return redriveDate;
    }

    /// <summary>Returns why RedriveExecution would reject the execution, in AWS's <c>redriveStatusReason</c> words, or null when it can be redriven.</summary>
    internal string? NotRedrivableReason(ExecutionRecord record, IReadOnlyList<HistoryEvent> history)
    {
        if (record.Status is "RUNNING" or "SUCCEEDED")
        {
            return $"Execution is {record.Status} and cannot be redriven.";
        }

        if (!_machines.TryGetValue(record.StateMachineArn, out var machine))
        {
            return $"State machine {record.StateMachineArn} is no longer in the template.";
        }

        if (string.Equals(machine.Resource.Type, "EXPRESS", StringComparison.OrdinalIgnoreCase))
        {
            return "Executions of EXPRESS state machines cannot be redriven.";
        }

        if (record.StopDate is { } stop && _timeProvider.GetUtcNow() - stop > RedrivePeriod)
        {
            return "Execution redrivable period exceeded.";
        }

        if (history.Count >= MaxRedriveHistoryEvents)
        {
            return "Execution history event limit exceeded.";
        }

        if (history.Count == 0 || history[^1].Type is not (HistoryEventTypes.ExecutionFailed or HistoryEventTypes.ExecutionTimedOut or HistoryEventTypes.ExecutionAborted))
        {
            return "Its history has no ExecutionFailed, ExecutionTimedOut or ExecutionAborted event at the end, because the runtime process that ran it stopped first.";
        }

        var topLevelStates = machine.Definition.StateNames.ToHashSet(StringComparer.Ordinal);
        var enteredTopLevel = history.Any(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal)
            && e.GetDetails()?["name"]?.GetValue<string>() is { } name && topLevelStates.Contains(name));
        return enteredTopLevel ? null : "No state was entered before the execution stopped.";
    }

    /// <summary>Adds DescribeExecution's redriveCount, redriveDate, redriveStatus and redriveStatusReason.</summary>
    private async Task<JsonObject> DescribeWithRedriveAsync(ExecutionRecord record, CancellationToken cancellationToken)
    {
        var response = Describe(record);
        var history = await GetHistoryAsync(record.ExecutionArn, cancellationToken).ConfigureAwait(false);
        var redrives = history.Where(e => e.Type == HistoryEventTypes.ExecutionRedriven).ToList();
        response["redriveCount"] = redrives.Count;
        response["redriveDate"] = redrives.Count > 0 ? EpochSeconds(redrives[^1].Timestamp) : null;
        var reason = NotRedrivableReason(record, history);
        response["redriveStatus"] = reason is null ? "REDRIVABLE" : "NOT_REDRIVABLE";
        response["redriveStatusReason"] = reason;
        return response;
    }
}
