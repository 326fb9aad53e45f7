using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Execution;
using Pipeline.StateMachines.Internal.Json;
using Pipeline.StateMachines.Internal.Model;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Internal.States;

/// <summary>Wait: delays for Seconds, until Timestamp, or by a value read from the input, on the injected clock.</summary>
internal sealed class WaitState : StateNode
{
    public override string Type => "Wait";

    /// <summary>Seconds as a number (JSONPath) or a JSONata expression.</summary>
    public JsonNode? Seconds { get; init; }

    public JsonNode? Timestamp { get; init; }

    public JsonPath? SecondsPath { get; init; }

    public JsonPath? TimestampPath { get; init; }

    public override async Task<StateOutcome> RunAsync(StateRun run)
    {
        var effective = Language == QueryLanguage.Jsonata ? run.Input : DataFlow.ApplyInputPath(run, run.Input);
        var now = run.Execution.Time.GetUtcNow();
        var delay = ComputeDelay(run, effective, now);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, run.Execution.Time, run.CancellationToken).ConfigureAwait(false);
        }

        if (Language == QueryLanguage.Jsonata)
        {
            return Transition(JsonataFlow.Finish(run, run.Input, Output, defaultToInput: true));
        }

        var assigned = DataFlow.EvaluateAssign(run, Assign, run.Scope(effective));
        var output = DataFlow.ApplyOutputPath(run, effective);
        DataFlow.StoreVariables(run, assigned);
        run.AssignedVariables = assigned;
        return Transition(output);
    }

    private TimeSpan ComputeDelay(StateRun run, JsonNode? effective, DateTimeOffset now)
    {
        JsonNode? seconds = Seconds;
        JsonNode? timestamp = Timestamp;
        if (Language == QueryLanguage.Jsonata)
        {
            seconds = Seconds is null ? null : JsonataFlow.Evaluate(run, Seconds, run.Input, "Seconds");
            timestamp = Timestamp is null ? null : JsonataFlow.Evaluate(run, Timestamp, run.Input, "Timestamp");
        }
        else if (SecondsPath is not null)
        {
            seconds = DataFlow.SelectOrFail(run, SecondsPath, run.Scope(effective));
        }
        else if (TimestampPath is not null)
        {
            timestamp = DataFlow.SelectOrFail(run, TimestampPath, run.Scope(effective));
        }

        if (seconds is not null || (Seconds is not null || SecondsPath is not null))
        {
            if (!JsonText.TryGetInteger(seconds, out var value) || value < 0)
            {
                throw run.RuntimeError($"The SecondsPath parameter does not reference a valid integer value: '{JsonText.Serialize(seconds)}'. The value must be a non-negative integer.");
            }

            return TimeSpan.FromSeconds(value);
        }

        if (!JsonText.TryGetString(timestamp, out var text) || !TryParseTimestamp(text, out var until))
        {
            throw run.RuntimeError($"The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: '{JsonText.Serialize(timestamp)}'.");
        }

        return until - now;
    }

    /// <summary>Parses an RFC 3339 timestamp (an uppercase T and a Z or a numeric offset), as ASL requires.</summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20 || text[10] != 'T' || !(text.EndsWith('Z') || text[^6] is '+' or '-'))
        {
            return false;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value);
    }
}
