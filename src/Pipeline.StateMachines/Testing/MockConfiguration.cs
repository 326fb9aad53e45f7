using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.StateMachines.Internal.Json;

namespace Pipeline.StateMachines;

/// <summary>
/// A mock configuration file in the format of AWS Step Functions Local: <c>StateMachines</c> → state machine
/// name → <c>TestCases</c> → test case name → state name → mocked response name, and <c>MockedResponses</c> →
/// response name → invocation range (<c>"0"</c>, <c>"1-2"</c>) → <c>{"Return": value}</c> or
/// <c>{"Throw": {"Error": ..., "Cause": ...}}</c>.
/// </summary>
public sealed class MockConfiguration
{
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, string>>> stateMachines;
    private readonly Dictionary<string, MockedResponse> responses;

    private MockConfiguration(
        Dictionary<string, Dictionary<string, Dictionary<string, string>>> stateMachines,
        Dictionary<string, MockedResponse> responses)
    {
        this.stateMachines = stateMachines;
        this.responses = responses;
    }

    /// <summary>The state machine names the file configures.</summary>
    public IReadOnlyCollection<string> StateMachineNames => stateMachines.Keys;

    /// <summary>Returns the test case names of a state machine.</summary>
    public IReadOnlyCollection<string> TestCaseNames(string stateMachineName)
        => stateMachines.TryGetValue(stateMachineName, out var cases) ? cases.Keys : [];

    /// <summary>Reads a mock configuration file. Throws <see cref="FormatException"/> naming the offending member.</summary>
    public static MockConfiguration Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path));
    }

    /// <summary>Parses mock configuration JSON. Throws <see cref="FormatException"/> naming the offending member.</summary>
    public static MockConfiguration Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonText.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The mock configuration is not valid JSON: {ex.Message}", ex);
        }

        if (root is not JsonObject obj)
        {
            throw new FormatException("The mock configuration must be a JSON object with StateMachines and MockedResponses.");
        }

        var machines = new Dictionary<string, Dictionary<string, Dictionary<string, string>>>(StringComparer.Ordinal);
        foreach (var machine in RequireObject(obj, "StateMachines", "StateMachines"))
        {
            var cases = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            var machineObject = machine.Value as JsonObject ?? throw new FormatException($"StateMachines.{machine.Key} must be an object with TestCases.");
            foreach (var testCase in RequireObject(machineObject, "TestCases", $"StateMachines.{machine.Key}.TestCases"))
            {
                var states = new Dictionary<string, string>(StringComparer.Ordinal);
                var caseObject = testCase.Value as JsonObject ?? throw new FormatException($"StateMachines.{machine.Key}.TestCases.{testCase.Key} must be an object mapping state names to mocked response names.");
                foreach (var state in caseObject)
                {
                    states[state.Key] = JsonText.TryGetString(state.Value, out var name)
                        ? name
                        : throw new FormatException($"StateMachines.{machine.Key}.TestCases.{testCase.Key}.{state.Key} must be the name of a mocked response.");
                }

                cases[testCase.Key] = states;
            }

            machines[machine.Key] = cases;
        }

        var responses = new Dictionary<string, MockedResponse>(StringComparer.Ordinal);
        foreach (var response in RequireObject(obj, "MockedResponses", "MockedResponses"))
        {
            responses[response.Key] = MockedResponse.Parse(response.Key, response.Value);
        }

        foreach (var (machine, cases) in machines)
        {
            foreach (var (testCase, states) in cases)
            {
                foreach (var (state, response) in states)
                {
                    if (!responses.ContainsKey(response))
                    {
                        throw new FormatException($"StateMachines.{machine}.TestCases.{testCase}.{state} names the mocked response '{response}', which MockedResponses does not define.");
                    }
                }
            }
        }

        return new MockConfiguration(machines, responses);
    }

    /// <summary>
    /// Creates a task handler for one test case: mocked states get their configured responses, in invocation
    /// order; any other Task state goes to <paramref name="fallback"/>, or fails when there is none.
    /// </summary>
    public ITaskResourceHandler CreateHandler(string stateMachineName, string testCaseName, ITaskResourceHandler? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(stateMachineName);
        ArgumentNullException.ThrowIfNull(testCaseName);
        if (!stateMachines.TryGetValue(stateMachineName, out var cases))
        {
            throw new ArgumentException($"The mock configuration has no state machine '{stateMachineName}'. Known: {string.Join(", ", stateMachines.Keys)}.", nameof(stateMachineName));
        }

        if (!cases.TryGetValue(testCaseName, out var states))
        {
            throw new ArgumentException($"The state machine '{stateMachineName}' has no test case '{testCaseName}'. Known: {string.Join(", ", cases.Keys)}.", nameof(testCaseName));
        }

        var mocks = states.ToDictionary(pair => pair.Key, pair => responses[pair.Value], StringComparer.Ordinal);
        return new MockedTaskHandler(mocks, fallback);
    }

    /// <summary>Returns the names of the states a test case mocks; throws <see cref="ArgumentException"/> for an unknown state machine or test case.</summary>
    public IReadOnlyCollection<string> GetMockedStates(string stateMachineName, string testCaseName)
    {
        ArgumentNullException.ThrowIfNull(stateMachineName);
        ArgumentNullException.ThrowIfNull(testCaseName);
        if (!stateMachines.TryGetValue(stateMachineName, out var cases) || !cases.TryGetValue(testCaseName, out var states))
        {
            // CreateHandler reports which name is unknown, with the known ones.
            _ = CreateHandler(stateMachineName, testCaseName);
            return [];
        }

        return states.Keys.ToArray();
    }

    /// <summary>Creates a handler from mocked responses keyed directly by state name (no test case indirection).</summary>
    public static ITaskResourceHandler CreateHandler(JsonObject responsesByState, ITaskResourceHandler? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(responsesByState);
        var mocks = responsesByState.ToDictionary(pair => pair.Key, pair => MockedResponse.Parse(pair.Key, pair.Value), StringComparer.Ordinal);
        return new MockedTaskHandler(mocks, fallback);
    }

    private static JsonObject RequireObject(JsonObject owner, string name, string location)
        => owner[name] as JsonObject ?? throw new FormatException($"{location} is missing or not an object.");

    /// <summary>One mocked response: a Return or Throw per invocation range.</summary>
    internal sealed class MockedResponse(string name, List<(int From, int To, JsonObject Answer)> ranges)
    {
        public string Name { get; } = name;

        public static MockedResponse Parse(string name, JsonNode? node)
        {
            if (node is not JsonObject obj)
            {
                throw new FormatException($"MockedResponses.{name} must be an object keyed by invocation ranges such as \"0\" or \"1-2\".");
            }

            var ranges = new List<(int, int, JsonObject)>();
            foreach (var pair in obj)
            {
                var parts = pair.Key.Split('-');
                if (parts.Length is < 1 or > 2
                    || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                    || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var to) || to < from)
                {
                    throw new FormatException($"MockedResponses.{name} has the invalid invocation range '{pair.Key}'. Use a zero-based index such as \"0\" or a range such as \"1-2\".");
                }

                if (pair.Value is not JsonObject answer || (answer.ContainsKey("Return") == answer.ContainsKey("Throw")))
                {
                    throw new FormatException($"MockedResponses.{name}.{pair.Key} must be an object with exactly one of Return or Throw.");
                }

                if (answer["Throw"] is { } thrown && (thrown is not JsonObject throwObject || !JsonText.TryGetString(throwObject["Error"], out _)))
                {
                    throw new FormatException($"MockedResponses.{name}.{pair.Key}.Throw must be an object with an Error string and an optional Cause.");
                }

                ranges.Add((from, to, answer));
            }

            return new MockedResponse(name, ranges);
        }

        public JsonObject? Find(int invocation)
        {
            foreach (var (from, to, answer) in ranges)
            {
                if (invocation >= from && invocation <= to)
                {
                    return answer;
                }
            }

            return null;
        }
    }
}
