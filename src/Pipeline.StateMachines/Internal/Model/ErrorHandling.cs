using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Data;
using Pipeline.StateMachines.Internal.Paths;

namespace Pipeline.StateMachines.Internal.Model;

/// <summary>One Retry rule of a Task, Parallel or Map state.</summary>
internal sealed class Retrier
{
    public required IReadOnlyList<string> ErrorEquals { get; init; }

    public double IntervalSeconds { get; init; } = 1;

    public int MaxAttempts { get; init; } = 3;

    public double BackoffRate { get; init; } = 2.0;

    public double? MaxDelaySeconds { get; init; }

    /// <summary>FULL draws the delay uniformly between 0 and the computed delay; NONE (the default) uses it as is.</summary>
    public bool FullJitter { get; init; }

    public bool Matches(string error) => ErrorMatching.Matches(ErrorEquals, error);
}

/// <summary>One Catch rule of a Task, Parallel or Map state.</summary>
internal sealed class Catcher
{
    public required IReadOnlyList<string> ErrorEquals { get; init; }

    public required string Next { get; init; }

    /// <summary>Where the error output goes in the state input; null when <see cref="DiscardResult"/> is set.</summary>
    public JsonPath? ResultPath { get; init; }

    public bool DiscardResult { get; init; }

    /// <summary>The JSONata Output of the catcher, when the state uses JSONata.</summary>
    public JsonNode? Output { get; init; }

    public AssignBlock? Assign { get; init; }

    public bool Matches(string error) => ErrorMatching.Matches(ErrorEquals, error);
}

/// <summary>How ErrorEquals names match an error, per the ASL specification and the AWS error handling page.</summary>
internal static class ErrorMatching
{
    /// <remarks>
    /// States.ALL matches every error except the terminal States.Runtime and States.DataLimitExceeded.
    /// States.TaskFailed matches every error except States.Timeout (and the terminal ones).
    /// Any other name matches itself only.
    /// </remarks>
    public static bool Matches(IReadOnlyList<string> errorEquals, string error)
    {
        var terminal = error is StatesErrors.Runtime or StatesErrors.DataLimitExceeded;
        foreach (var name in errorEquals)
        {
            if (string.Equals(name, error, StringComparison.Ordinal))
            {
                return !terminal || error == StatesErrors.DataLimitExceeded;
            }

            if (terminal)
            {
                continue;
            }

            if (name == StatesErrors.All)
            {
                return true;
            }

            if (name == StatesErrors.TaskFailed && error != StatesErrors.Timeout)
            {
                return true;
            }
        }

        return false;
    }
}
