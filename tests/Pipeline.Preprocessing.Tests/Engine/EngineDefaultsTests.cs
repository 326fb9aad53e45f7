namespace Pipeline.Preprocessing.Tests.Engine;

public sealed class EngineDefaultsTests
{
    [Fact]
    public async Task RunAsync_BreastCancerTargetOnly_WritesLabelFirstSplits()
    {
        using var temp = new TempFolder();
        var spec = PreprocessingSpec.Parse("""{ "target": "diagnosis" }""");

        var manifest = await new PreprocessingEngine().RunAsync(spec, TestFiles.Data("breast_cancer.csv"), temp.Output);

        Assert.Equal(569, manifest.Rows.Read);
        Assert.Equal(569, manifest.Rows.Train + manifest.Rows.Validation);
        Assert.Equal(30, manifest.Features.Count);
        var train = File.ReadAllLines(Path.Combine(temp.Output, "train", "data.csv"));
        var validation = File.ReadAllLines(Path.Combine(temp.Output, "validation", "data.csv"));
        Assert.Equal(manifest.Rows.Train, train.Length);
        Assert.Equal(manifest.Rows.Validation, validation.Length);
        Assert.All(train, line => Assert.Equal(31, line.Split(',').Length));
        Assert.Contains(train.Concat(validation), line => line.StartsWith("0,17.99,10.38,122.8,1001,", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(temp.Output, "manifest.json")));
    }
}

public sealed class ProgrammaticSpecTests
{
    [Fact]
    public async Task RunAsync_SpecBuiltInCodeWithIndexTarget_ReadsNoHeader()
    {
        using var temp = new TempFolder();
        var spec = new PreprocessingSpec { Target = ColumnReference.ByIndex(0) };

        var manifest = await new PreprocessingEngine().RunAsync(spec, TestFiles.Data("digits.csv"), temp.Output);

        Assert.Equal(1797, manifest.Rows.Read);
        Assert.Equal("_c0", manifest.Target.Name);
    }
}
