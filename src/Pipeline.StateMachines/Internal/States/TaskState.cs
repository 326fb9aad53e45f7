using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Internal.States;

/// <summary>Task: calls the host's <see cref="ITaskResourceHandler"/> for its Resource, with Retry and Catch.</summary>
internal sealed partial class TaskState : StateNode
{
    private const string WaitForTaskTokenSuffix = ".waitForTaskToken";

    public override string Type => "Task";

    public required string Resource { get; init; }

    public int? TimeoutSeconds { get; init; }

    public JsonPath? TimeoutSecondsPath { get; init; }

    /// <summary>A JSONata expression for TimeoutSeconds.</summary>
    public JsonNode? TimeoutSecondsExpression { get; init; }

    public int? HeartbeatSeconds { get; init; }

    public JsonPath? HeartbeatSecondsPath { get; init; }

    public JsonNode? HeartbeatSecondsExpression { get; init; }

    public IReadOnlyList<Retrier> Retry { get; init; } = [];

    public IReadOnlyList<Catcher> Catch { get; init; } = [];

    public bool WaitsForTaskToken => Resource.EndsWith(WaitForTaskTokenSuffix, StringComparison.Ordinal);

    /// <summary>True for a Lambda function ARN used directly as Resource, which records LambdaFunction* events.</summary>
    public bool IsLambdaFunctionArn => Resource.StartsWith("arn:aws:lambda:", StringComparison.Ordinal);

    public override async Task<StateOutcome> RunAsync(StateRun run)
    {
        var effective = Language == QueryLanguage.Jsonata ? run.Input : DataFlow.ApplyInputPath(run, run.Input);
        var timeout = ResolveSeconds(run, TimeoutSeconds, TimeoutSecondsPath, TimeoutSecondsExpression, effective, "TimeoutSecondsPath");
        var heartbeat = ResolveSeconds(run, HeartbeatSeconds, HeartbeatSecondsPath, HeartbeatSecondsExpression, effective, "HeartbeatSecondsPath");
        return await ErrorHandler.RunAsync(run, Retry, Catch, async () =>
        {
            // Parameters are evaluated per attempt: $$.State.RetryCount and $$.Task.Token change between attempts.
            if (WaitsForTaskToken)
            {
                run.TaskToken = NewTaskToken();
            }

            JsonNode? parameters = Language == QueryLanguage.Jsonata
                ? (Arguments is null ? run.Input : JsonataFlow.Evaluate(run, Arguments, run.Input, "Arguments"))
                : DataFlow.ApplyParameters(run, Parameters, effective);
            run.CheckSize(parameters, "The task input");
            run.Inspect("afterInputPath", effective);
            run.Inspect("afterParameters", parameters);
            var result = await AttemptAsync(run, parameters, timeout, heartbeat).ConfigureAwait(false);
            return Transition(Finish(run, result));
        }).ConfigureAwait(false);
    }

    private JsonNode? Finish(StateRun run, JsonNode? result)
    {
        if (Language == QueryLanguage.Jsonata)
        {
            return JsonataFlow.Finish(run, run.Input, Output, defaultToInput: false, result: result);
        }

        run.Inspect("result", result);
        if (ResultSelector is not null)
        {
            result = DataFlow.Evaluate(run, ResultSelector, run.Scope(result));
        }

        run.Inspect("afterResultSelector", result);
        var assigned = DataFlow.EvaluateAssign(run, Assign, run.Scope(result));
        var output = DataFlow.ApplyResultPath(run, ResultPath, ResultPathNull, run.Input, result);
        run.Inspect("afterResultPath", output);
        output = DataFlow.ApplyOutputPath(run, output);
        run.CheckSize(output, "The state output");
        DataFlow.StoreVariables(run, assigned);
        run.AssignedVariables = assigned;
        return output;
    }

    private static TimeSpan? ResolveSeconds(StateRun run, int? fixedSeconds, JsonPath? path, JsonNode? expression, JsonNode? effective, string field)
    {
        if (fixedSeconds is { } seconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        JsonNode? value;
        if (path is not null)
        {
            value = DataFlow.SelectOrFail(run, path, run.Scope(effective));
        }
        else if (expression is not null)
        {
            value = JsonataFlow.Evaluate(run, expression, run.Input, field);
        }
        else
        {
            return null;
        }

        if (!JsonText.TryGetInteger(value, out var number) || number <= 0 || number > 99999999)
        {
            throw run.RuntimeError($"The value of {field} must be a positive integer but was '{JsonText.Serialize(value)}'.");
        }

        return TimeSpan.FromSeconds(number);
    }
}
