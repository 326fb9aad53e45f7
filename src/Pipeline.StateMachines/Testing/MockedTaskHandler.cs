using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Json;

namespace Pipeline.StateMachines;

/// <summary>Returns or throws the mocked responses of Task states, counting invocations per state and execution.</summary>
internal sealed class MockedTaskHandler(IReadOnlyDictionary<string, MockConfiguration.MockedResponse> mocks, ITaskResourceHandler? fallback) : ITaskResourceHandler
{
    private readonly ConcurrentDictionary<(string Execution, string State), int> invocations = new();

    public Task<JsonNode?> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!mocks.TryGetValue(request.StateName, out var mock))
        {
            if (fallback is not null)
            {
                return fallback.InvokeAsync(request, cancellationToken);
            }

            throw new TaskFailedException("States.TaskFailed", $"The state '{request.StateName}' has no mocked response in the test case and no fallback handler is configured. Add the state to the test case in the mock configuration.");
        }

        var invocation = invocations.AddOrUpdate((request.ExecutionArn, request.StateName), 0, (_, count) => count + 1);
        var answer = mock.Find(invocation)
            ?? throw new TaskFailedException("States.TaskFailed", $"The mocked response '{mock.Name}' for state '{request.StateName}' defines no Return or Throw for invocation {invocation} (zero-based). Add a range that covers it, such as \"{invocation}\".");
        if (answer["Throw"] is JsonObject thrown)
        {
            JsonText.TryGetString(thrown["Cause"], out var cause);
            throw new TaskFailedException(thrown["Error"]!.GetValue<string>(), thrown.ContainsKey("Cause") ? cause : null);
        }

        return Task.FromResult(answer["Return"]?.DeepClone());
    }
}
