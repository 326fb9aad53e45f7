using System.Text.Json.Nodes;

namespace Pipeline.StateMachines.Tests.Conformance;

/// <summary>
/// One case of the data-driven conformance suite (TestData/Conformance/*.json). Each case names its source:
/// a section of the Amazon States Language specification or the title of an AWS documentation page.
/// </summary>
public sealed class ConformanceCase
{
    public required string File { get; init; }

    public required JsonObject Json { get; init; }

    public string Name => Json["name"]!.GetValue<string>();

    public string Source => Json["source"]?.GetValue<string>() ?? string.Empty;

    public JsonNode Definition => Json["definition"]!;

    public static IEnumerable<ConformanceCase> LoadAll()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestData", "Conformance");
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var cases = JsonNode.Parse(System.IO.File.ReadAllText(file))!.AsArray();
            foreach (var item in cases)
            {
                yield return new ConformanceCase { File = Path.GetFileName(file), Json = item!.AsObject() };
            }
        }
    }

    public override string ToString() => $"{File}: {Name}";
}
