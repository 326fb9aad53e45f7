using System.Text.Json.Nodes;
using Pipeline.StateMachines.Tests.Support;

namespace Pipeline.StateMachines.Tests.Conformance;

/// <summary>Runs every case of TestData/Conformance: validation verdicts, execution status, output, errors and events.</summary>
public sealed class ConformanceTests
{
    private static readonly Dictionary<string, ConformanceCase> Cases = ConformanceCase.LoadAll().ToDictionary(c => c.ToString(), StringComparer.Ordinal);

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Suite_HasAtLeast150CasesEachWithSource()
    {
        Assert.True(Cases.Count >= 150, $"The conformance suite has {Cases.Count} cases.");
        Assert.All(Cases.Values, c => Assert.False(string.IsNullOrWhiteSpace(c.Source), $"{c} names no source."));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Case_BehavesAsSpecified(string name)
    {
        var testCase = Cases[name];
        var json = testCase.Json;
        var definition = json["definitionText"]?.GetValue<string>() ?? testCase.Definition.ToJsonString();
        if (json["valid"] is { } validNode)
        {
            CheckValidation(definition, validNode.GetValue<bool>(), json["diagnostics"] as JsonArray);
            return;
        }

        var mocks = json["mocks"] as JsonObject ?? [];
        var tasks = MockConfiguration.CreateHandler(mocks);
        var input = json["input"]?.ToJsonString() ?? "{}";
        var result = await Harness.RunAsync(definition, input, tasks);
        var expect = json["expect"]!.AsObject();

        var status = expect["status"]!.GetValue<string>();
        Assert.True(status == result.Status.ToAwsName(), $"Expected {status} but got {result.Status.ToAwsName()} ({result.Error}: {result.Cause}), output {result.Output}");
        if (expect.ContainsKey("output"))
        {
            var expected = expect["output"];
            var actual = Harness.Output(result);
            Assert.True(JsonNode.DeepEquals(expected, actual), $"Output differs.\nExpected: {expected?.ToJsonString()}\nActual:   {actual?.ToJsonString()}");
        }

        if (expect["error"] is { } error)
        {
            Assert.Equal(error.GetValue<string>(), result.Error);
        }

        if (expect["cause"] is { } cause)
        {
            Assert.Equal(cause.GetValue<string>(), result.Cause);
        }

        if (expect["causeContains"] is { } causeContains)
        {
            Assert.Contains(causeContains.GetValue<string>(), result.Cause ?? string.Empty, StringComparison.Ordinal);
        }

        if (expect["events"] is JsonArray events)
        {
            Assert.Equal(events.Select(e => e!.GetValue<string>()), Harness.Types(result));
        }

        if (expect["eventsContain"] is JsonArray contains)
        {
            foreach (var type in contains)
            {
                Assert.Contains(type!.GetValue<string>(), Harness.Types(result));
            }
        }

        if (expect["eventCount"] is { } count)
        {
            Assert.Equal(count.GetValue<int>(), result.Events.Count);
        }
    }

    private static void CheckValidation(string definition, bool valid, JsonArray? expectedDiagnostics)
    {
        var diagnostics = DefinitionValidator.Validate(definition);
        var listing = string.Join("\n", diagnostics);
        if (valid)
        {
            Assert.True(diagnostics.Count == 0, "Expected a valid definition but got:\n" + listing);
            return;
        }

        Assert.True(diagnostics.Count > 0, "Expected an invalid definition but it passed validation.");
        foreach (var expected in expectedDiagnostics ?? [])
        {
            var code = expected!["code"]!.GetValue<string>();
            var location = expected["location"]?.GetValue<string>();
            Assert.True(
                diagnostics.Any(d => d.Code == code && (location is null || d.Location == location)),
                $"Expected {code} at {location}, got:\n{listing}");
        }
    }
}
