using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;

namespace Pipeline.StateMachines.Internal.Execution;

/// <summary>One entry into a state: its raw input, the StateEntered event id and the context object of that entry.</summary>
internal sealed partial class StateRun(ExecutionRun execution, BranchContext branch, StateNode state, JsonNode? input, long enteredEventId, DateTimeOffset enteredTime)
{
    public ExecutionRun Execution { get; } = execution;

    public BranchContext Branch { get; } = branch;

    public StateNode State { get; } = state;

    /// <summary>The raw state input, before InputPath.</summary>
    public JsonNode? Input { get; } = input;

    public long EnteredEventId { get; } = enteredEventId;

    public DateTimeOffset EnteredTime { get; } = enteredTime;

    /// <summary>Exposed as <c>$$.State.RetryCount</c>.</summary>
    public int RetryCount { get; set; }

    /// <summary>Exposed as <c>$$.Task.Token</c> while a <c>.waitForTaskToken</c> task runs.</summary>
    public string? TaskToken { get; set; }

    /// <summary>The variables the state assigned, reported in the StateExited event.</summary>
    public JsonObject? AssignedVariables { get; set; }

    /// <summary>Canceled when the execution stops or a sibling branch or iteration fails.</summary>
    public CancellationToken CancellationToken => Branch.CancellationToken;

    /// <summary>The error a Catch handled during this state, reported by TestState as CAUGHT_ERROR.</summary>
    public (string Error, string? Cause)? CaughtError { get; set; }

    /// <summary>The intermediate data of a TestState run (afterInputPath, afterParameters, ...); null otherwise.</summary>
    public JsonObject? Inspection { get; private set; }

    /// <summary>Records one data-flow step for TestState; does nothing in normal executions.</summary>
    public void Inspect(string step, JsonNode? value)
    {
        if (Execution.SingleStep)
        {
            Inspection ??= [];
            Inspection[step] = JsonText.Serialize(value);
        }
    }

    /// <summary>A scope that reads <paramref name="document"/> as <c>$</c>.</summary>
    public DataScope Scope(JsonNode? document) => new(document, BuildContextWithoutInput, Branch.Variables, Execution.Input);

    /// <summary>The context object without <c>Execution.Input</c>, which <see cref="DataScope"/> reads directly.</summary>
    public JsonObject BuildContextWithoutInput() => BuildContext(includeInput: false);

    /// <summary>Wraps a message in the States.Runtime cause format of Step Functions.</summary>
    public StatesException RuntimeError(string message) => Error(StatesErrors.Runtime, message);

    public StatesException Error(string error, string message)
        => new(error, $"An error occurred while executing the state '{State.Name}' (entered at the event id #{EnteredEventId}). {message}");

    public ValueTask<long> AppendAsync(string type, Func<JsonObject>? details) => Execution.AppendAsync(Branch, type, details);

    /// <summary>Builds the context object (<c>$$</c>) as the AWS "Context object" page describes it.</summary>
    public JsonObject BuildContext() => BuildContext(includeInput: true);

    private JsonObject BuildContext(bool includeInput)
    {
        var request = Execution.Request;
        var executionObject = new JsonObject
        {
            ["Id"] = request.ExecutionArn,
            ["Input"] = includeInput ? Execution.Input?.DeepClone() : null,
            ["Name"] = request.ExecutionName,
            ["RoleArn"] = request.RoleArn,
            ["StartTime"] = FormatTime(Execution.StartTime),
            ["RedriveCount"] = Execution.RedriveCount,
        };
        if (Execution.RedriveTime is { } redriveTime)
        {
            executionObject["RedriveTime"] = FormatTime(redriveTime);
        }

        var context = new JsonObject
        {
            ["Execution"] = executionObject,
            ["State"] = new JsonObject
            {
                ["EnteredTime"] = FormatTime(EnteredTime),
                ["Name"] = State.Name,
                ["RetryCount"] = RetryCount,
            },
            ["StateMachine"] = new JsonObject
            {
                ["Id"] = request.StateMachineArn,
                ["Name"] = StateMachineName(request.StateMachineArn),
            },
        };
        if (TaskToken is not null)
        {
            context["Task"] = new JsonObject { ["Token"] = TaskToken };
        }

        if (Branch.MapItem is not null)
        {
            context["Map"] = new JsonObject { ["Item"] = Branch.MapItem.DeepClone() };
        }

        return context;
    }

    /// <summary>Formats a time as the context object does: ISO 8601, UTC, milliseconds.</summary>
    public static string FormatTime(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string StateMachineName(string arn)
    {
        var index = arn.LastIndexOf(':');
        return index >= 0 ? arn[(index + 1)..] : arn;
    }

    /// <summary>Fails with States.DataLimitExceeded when a payload is over 256 KiB.</summary>
    public void CheckSize(JsonNode? payload, string what)
    {
        if (payload is null or JsonValue)
        {
            return;
        }

        var size = JsonText.Utf8Size(payload);
        if (size > DataFlow.MaxPayloadBytes)
        {
            throw new StatesException(
                StatesErrors.DataLimitExceeded,
                $"The state/task '{State.Name}' returned a result with a size exceeding the maximum number of bytes service limit. ({what} is {size} bytes, the limit is {DataFlow.MaxPayloadBytes} bytes.)");
        }
    }
}
