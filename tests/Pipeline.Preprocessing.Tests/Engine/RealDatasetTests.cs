using System.Text.Json.Nodes;

namespace Pipeline.Preprocessing.Tests.Engine;

public sealed class RealDatasetTests
{
    private static Task<PreprocessingManifest> RunAsync(string json, string input, TempFolder temp) =>
        new PreprocessingEngine().RunAsync(PreprocessingSpec.Parse(json), input, temp.Output);

    private static string[] Lines(TempFolder temp, string split, string extension = "csv") =>
        File.ReadAllLines(Path.Combine(temp.Output, split, $"data.{extension}"));

    [Fact]
    public async Task RunAsync_DigitsWithoutHeader_UsesIndexTargetAndKeepsLabels()
    {
        using var temp = new TempFolder();

        var manifest = await RunAsync("""{ "target": 0 }""", TestFiles.Data("digits.csv"), temp);

        Assert.Equal(1797, manifest.Rows.Read);
        Assert.Equal("_c0", manifest.Target.Name);
        Assert.Equal(TargetType.Numeric, manifest.Target.Type);
        var rows = Lines(temp, "train").Concat(Lines(temp, "validation")).ToList();
        Assert.Equal(1797, rows.Count);
        Assert.All(rows, row => Assert.Equal(65, row.Split(',').Length));
        Assert.Contains("0,0,0,5,13,9,1,0,0,0,0,13,15,10,15,5,0,0,3,15,2,0,11,8,0,0,4,12,0,0,8,8,0,0,5,8,0,0,9,8,0,0,4,11,0,1,12,7,0,0,2,14,5,10,12,0,0,0,0,6,13,10,0,0,0", rows);
    }

    [Fact]
    public async Task RunAsync_Diabetes_KeepsNumericTextUnchanged()
    {
        using var temp = new TempFolder();

        var manifest = await RunAsync("""{ "target": "progression" }""", TestFiles.Data("diabetes.csv"), temp);

        Assert.Equal(442, manifest.Rows.Train + manifest.Rows.Validation);
        Assert.Equal(["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"], manifest.Features);
        var rows = Lines(temp, "train").Concat(Lines(temp, "validation"));
        Assert.Contains("151,59,2,32.1,101.0,157,93.2,38.0,4.0,4.8598,87", rows);
    }

    [Fact]
    public async Task RunAsync_DirtyFileWithThousandsSeparator_ReadsBomCrlfQuotesAndDuplicates()
    {
        using var temp = new TempFolder();
        const string Spec = """{ "target": "diagnosis", "input": { "thousandsSeparator": "," }, "deduplicate": true }""";

        var manifest = await RunAsync(Spec, TestFiles.Data("breast_cancer_dirty.csv"), temp);

        Assert.Equal(570, manifest.Rows.Read);
        Assert.Equal(1, manifest.Rows.Duplicates);
        Assert.Equal(569, manifest.Rows.Train + manifest.Rows.Validation);
        Assert.Equal("mean_radius", manifest.InputColumns[0]);
        var meanArea = manifest.Columns.Single(column => column.Name == "mean_area");
        Assert.Equal(ResolvedColumnType.Numeric, meanArea.Type);
        var rows = Lines(temp, "train").Concat(Lines(temp, "validation")).ToList();
        Assert.DoesNotContain(rows, row => row.Contains('\r', StringComparison.Ordinal));
        Assert.Contains(rows, row => row.Split(',')[4] == "1364");
        Assert.Equal(5, rows.Sum(row => row.Split(',').Count(cell => cell.Length == 0)));
    }

    [Fact]
    public async Task RunAsync_DirtyFileSameSeedAsClean_PutsEachRowInTheSameSplit()
    {
        using var clean = new TempFolder();
        using var dirty = new TempFolder();

        await RunAsync("""{ "target": "diagnosis" }""", TestFiles.Data("breast_cancer.csv"), clean);
        await RunAsync("""{ "target": "diagnosis", "input": { "thousandsSeparator": "," }, "deduplicate": true }""", TestFiles.Data("breast_cancer_dirty.csv"), dirty);

        // Rows without injected changes hash the same in both files, so they land in the same split.
        var cleanValidation = Lines(clean, "validation").ToHashSet();
        var dirtyValidation = Lines(dirty, "validation").ToHashSet();
        var dirtyTrain = Lines(dirty, "train").ToHashSet();
        var moved = cleanValidation.Count(row => dirtyTrain.Contains(row));
        Assert.Equal(0, moved);
        Assert.True(cleanValidation.Intersect(dirtyValidation).Count() >= cleanValidation.Count - 6);
    }

    [Fact]
    public async Task RunAsync_FlightsHead_EncodesDatesAndCategories()
    {
        using var temp = new TempFolder();
        const string Spec = """{ "target": "arr_del15", "exclude": ["arr_delay"] }""";

        var manifest = await RunAsync(Spec, TestFiles.Data("flights_head.csv"), temp);

        Assert.Equal(2000, manifest.Rows.Read);
        var departure = manifest.Columns.Single(column => column.Name == "dep_datetime");
        Assert.Equal(ResolvedColumnType.DateTime, departure.Type);
        Assert.Equal(FeatureEncoding.UnixSeconds, departure.Encoding);
        var origin = manifest.Columns.Single(column => column.Name == "origin");
        Assert.Equal(ResolvedColumnType.Categorical, origin.Type);
        Assert.Equal(FeatureEncoding.Ordinal, origin.Encoding);
        Assert.Equal(ColumnRole.Excluded, manifest.Columns.Single(column => column.Name == "arr_delay").Role);
        var first = Lines(temp, "train").Concat(Lines(temp, "validation")).Single(row => row.StartsWith("1,978307260,", StringComparison.Ordinal));
        var cells = first.Split(',');
        Assert.Equal(origin.Categories!.ToList().IndexOf("LAS").ToString(System.Globalization.CultureInfo.InvariantCulture), cells[1 + origin.FirstFeature]);
    }

    [Fact]
    public async Task RunAsync_SameInputTwice_WritesIdenticalFiles()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();

        await RunAsync("""{ "target": "diagnosis" }""", TestFiles.Data("breast_cancer.csv"), first);
        await RunAsync("""{ "target": "diagnosis" }""", TestFiles.Data("breast_cancer.csv"), second);

        Assert.Equal(Lines(first, "train"), Lines(second, "train"));
        Assert.Equal(Lines(first, "validation"), Lines(second, "validation"));
        Assert.Equal(
            File.ReadAllText(Path.Combine(first.Output, "manifest.json")),
            File.ReadAllText(Path.Combine(second.Output, "manifest.json")));
    }

    [Fact]
    public async Task RunAsync_Manifest_RoundTripsThroughJson()
    {
        using var temp = new TempFolder();
        var manifest = await RunAsync("""{ "target": "diagnosis" }""", TestFiles.Data("breast_cancer.csv"), temp);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Output, "manifest.json")))!.AsObject();
        var read = PreprocessingManifest.FromJson(json);

        Assert.Equal(manifest.Features, read.Features);
        Assert.Equal(manifest.Rows, read.Rows);
        Assert.Equal(manifest.Target.Name, read.Target.Name);
        Assert.Equal(json.ToJsonString(), read.ToJson().ToJsonString());
    }
}
