using System.Globalization;

namespace Pipeline.Preprocessing.Tests;

/// <summary>Runs the engine into a scratch folder and reads its outputs back.</summary>
internal sealed class EngineRunner : IDisposable
{
    private readonly TempFolder _temp = new();

    public PreprocessingManifest Manifest { get; private set; } = null!;

    public string Output => _temp.Output;

    public string Scratch(string name, string content) => _temp.File(name, content);

    public string ScratchPath(string name) => Path.Combine(_temp.Path, name);

    public async Task<PreprocessingManifest> RunAsync(string specJson, string input, IProgress<PreprocessingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Manifest = await new PreprocessingEngine().RunAsync(PreprocessingSpec.Parse(specJson), input, _temp.Output, progress, cancellationToken);
        return Manifest;
    }

    public string[] Lines(string split, string extension = "csv")
    {
        var path = Path.Combine(_temp.Output, split, $"data.{extension}");
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    /// <summary>Every written row (train, validation, test), split into cells.</summary>
    public List<string[]> AllRows() =>
        [.. Lines("train").Concat(Lines("validation")).Concat(Lines("test")).Select(line => line.Split(','))];

    /// <summary>The output cells of one feature (label excluded) over the given split's rows.</summary>
    public List<string> Feature(string split, string name)
    {
        var index = Manifest.Features.ToList().IndexOf(name);
        Assert.True(index >= 0, $"feature {name} not in {string.Join(",", Manifest.Features)}");
        return [.. Lines(split).Select(line => line.Split(',')[index + 1])];
    }

    public ColumnManifest Column(string name) => Manifest.Columns.Single(column => column.Name == name);

    public static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    public void Dispose() => _temp.Dispose();
}
