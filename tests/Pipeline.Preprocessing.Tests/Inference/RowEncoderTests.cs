using System.Globalization;

namespace Pipeline.Preprocessing.Tests.Inference;

public sealed class RowEncoderTests
{
    private const string FlightsSpec = """
        { "target": "arr_del15", "exclude": ["arr_delay"], "missing": { "numeric": "mean" },
          "columns": { "origin": { "encoding": "onehot", "maxCategories": 5 } } }
        """;

    private static double[] Parse(string line) =>
        [.. line.Split(',').Skip(1).Select(cell => cell.Length == 0 ? double.NaN : double.Parse(cell, CultureInfo.InvariantCulture))];

    [Fact]
    public async Task Encode_RawFlightRows_MatchTheWrittenTrainingRows()
    {
        using var runner = new EngineRunner();
        var manifest = await runner.RunAsync(FlightsSpec, TestFiles.Data("flights_head.csv"));
        var encoder = RowEncoder.FromManifest(PreprocessingManifest.Parse(File.ReadAllText(Path.Combine(runner.Output, "manifest.json"))));
        var written = runner.Lines("train").Concat(runner.Lines("validation")).Select(Parse).ToList();

        var raw = File.ReadAllLines(TestFiles.Data("flights_head.csv")).Skip(1).Take(200).Select(line => line.Split(','));
        foreach (var cells in raw)
        {
            var features = encoder.Encode(cells);
            Assert.Contains(written, row => row.SequenceEqual(features));
        }

        Assert.Equal(manifest.Features, encoder.FeatureNames);
    }

    [Fact]
    public async Task Encode_RowWithoutTarget_GivesTheSameFeatures()
    {
        using var runner = new EngineRunner();
        await runner.RunAsync(FlightsSpec, TestFiles.Data("flights_head.csv"));
        var encoder = RowEncoder.FromManifest(runner.Manifest);
        var cells = "2001-01-01 00:01,1,1,1,0,LAS,PHL,2176,33,1".Split(',');

        var withTarget = encoder.Encode(cells);
        var withoutTarget = encoder.Encode([.. cells.Take(9)]);

        Assert.Equal(withTarget, withoutTarget);
    }

    [Fact]
    public async Task Encode_UnseenCategoryAndMissingNumber_UseOtherAndFill()
    {
        using var runner = new EngineRunner();
        var manifest = await runner.RunAsync(FlightsSpec, TestFiles.Data("flights_head.csv"));
        var encoder = RowEncoder.FromManifest(manifest);
        var origin = manifest.Columns.Single(column => column.Name == "origin");
        var distance = manifest.Columns.Single(column => column.Name == "distance");

        var features = encoder.Encode(["2001-01-01 00:01", "1", "1", "1", "0", "ZZZ", "PHL", null, "33"]);

        Assert.Equal(1, features[origin.FirstFeature + origin.Features.Count - 1]);
        Assert.Equal(1, features.Skip(origin.FirstFeature).Take(origin.Features.Count).Sum());
        Assert.Equal(double.Parse(distance.FillValue!, CultureInfo.InvariantCulture), features[distance.FirstFeature]);
    }

    [Fact]
    public async Task Encode_WrongValueCount_NamesTheExpectedColumns()
    {
        using var runner = new EngineRunner();
        var manifest = await runner.RunAsync("""{ "target": "progression" }""", TestFiles.Data("diabetes.csv"));
        var encoder = RowEncoder.FromManifest(manifest);

        var error = Assert.Throws<PreprocessingException>(() => encoder.Encode(["1", "2"]));

        Assert.Contains("the request line 1 has 2 values, but the model expects the 11 input columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_WithLine_NamesTheLineInErrors()
    {
        using var runner = new EngineRunner();
        var manifest = await runner.RunAsync("""{ "target": "progression" }""", TestFiles.Data("diabetes.csv"));
        var encoder = RowEncoder.FromManifest(manifest);

        var count = Assert.Throws<PreprocessingException>(() => encoder.Encode(["1", "2"], 4));
        var value = Assert.Throws<PreprocessingException>(() => encoder.Encode(["59", "2", "fat", "101", "157", "93.2", "38", "4", "4.8598", "87"], 7));

        Assert.StartsWith("the request line 4 has 2 values", count.Message, StringComparison.Ordinal);
        Assert.Equal(4, count.Line);
        Assert.StartsWith("the request line 7: column 'bmi'", value.Message, StringComparison.Ordinal);
        Assert.Equal(7, value.Line);
    }

    [Fact]
    public async Task Encode_MissingDropRowOneHotColumn_IsMissingInEveryIndicator()
    {
        using var runner = new EngineRunner();
        var manifest = await runner.RunAsync(
            """{ "target": "arr_del15", "exclude": ["arr_delay"], "columns": { "origin": { "encoding": "onehot", "maxCategories": 5, "missing": "dropRow" } } }""",
            TestFiles.Data("flights_head.csv"));
        var encoder = RowEncoder.FromManifest(manifest);
        var origin = manifest.Columns.Single(column => column.Name == "origin");
        var destination = manifest.Columns.Single(column => column.Name == "destination");

        var present = encoder.Encode(["2001-01-01 00:01", "1", "1", "1", "0", "LAS", "PHL", "2176", "33"]);
        var missing = encoder.Encode(["2001-01-01 00:01", "1", "1", "1", "0", "", "PHL", "2176", "33"]);

        Assert.True(origin.Features.Count > 1, $"origin has {origin.Features.Count} features");
        Assert.Equal(encoder.FeatureCount, missing.Length);
        Assert.All(missing.Skip(origin.FirstFeature).Take(origin.Features.Count), feature => Assert.True(double.IsNaN(feature)));
        var destinationFeatures = destination.FirstFeature..(destination.FirstFeature + destination.Features.Count);
        Assert.Equal(present[destinationFeatures], missing[destinationFeatures]);
        Assert.Equal(present[^1], missing[^1]);
    }

    [Fact]
    public async Task Encode_TextInNumericColumn_NamesColumnAndValue()
    {
        using var runner = new EngineRunner();
        var manifest = await runner.RunAsync("""{ "target": "progression" }""", TestFiles.Data("diabetes.csv"));
        var encoder = RowEncoder.FromManifest(manifest);

        var error = Assert.Throws<PreprocessingException>(() => encoder.Encode(["59", "2", "fat", "101", "157", "93.2", "38", "4", "4.8598", "87"]));

        Assert.Contains("column 'bmi' has the value 'fat', which is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classes_StringTarget_ExposesClassNames()
    {
        using var runner = new EngineRunner();
        var manifest = await runner.RunAsync("""{ "target": "destination", "exclude": ["dep_datetime"] }""", TestFiles.Data("flights_head.csv"));

        var encoder = RowEncoder.FromManifest(manifest);

        Assert.Equal(manifest.Target.Classes, encoder.Classes);
        Assert.Equal(manifest.InputColumns, encoder.InputColumns);
    }
}
