namespace Pipeline.Preprocessing.Tests.Treatments;

/// <summary>The missing-value treatments on breast_cancer_dirty.csv, whose five empty cells are documented with their rows.</summary>
public sealed class MissingValueTreatmentTests
{
    private const string Dirty = """ "target": "diagnosis", "input": { "thousandsSeparator": "," } """;

    // Sample 7 of the clean file: its mean_texture is the empty cell in the dirty file.
    private const string Sample7Prefix = "0,13.71,";

    private static string Spec(string extra) => $"{{ {Dirty}, {extra} }}";

    [Fact]
    public async Task Keep_EmptyCellStaysEmpty()
    {
        using var runner = new EngineRunner();

        await runner.RunAsync(Spec("\"deduplicate\": true"), TestFiles.Data("breast_cancer_dirty.csv"));

        Assert.Equal(MissingTreatment.Keep, runner.Column("mean_texture").Missing);
        Assert.Null(runner.Column("mean_texture").FillValue);
        Assert.Contains(runner.AllRows(), row => row[0] == "0" && row[1] == "13.71" && row[2] == "");
    }

    [Fact]
    public async Task Mean_FillsWithTrainingMean()
    {
        using var runner = new EngineRunner();

        await runner.RunAsync(Spec("\"missing\": { \"numeric\": \"mean\" }"), TestFiles.Data("breast_cancer_dirty.csv"));

        var fill = runner.Column("mean_texture").FillValue!;
        var train = runner.Feature("train", "mean_texture").Select(EngineRunner.Parse).ToList();
        var filled = runner.AllRows().Single(row => string.Join(',', row).StartsWith(Sample7Prefix, StringComparison.Ordinal));
        Assert.Equal(fill, filled[2]);
        Assert.Equal(EngineRunner.Parse(fill), train.Average(), 9);
        Assert.DoesNotContain(runner.AllRows(), row => row.Contains(""));
    }

    [Fact]
    public async Task Median_FillsWithTrainingMedian()
    {
        using var runner = new EngineRunner();

        await runner.RunAsync(Spec("\"columns\": { \"mean_texture\": { \"missing\": \"median\" } }"), TestFiles.Data("breast_cancer_dirty.csv"));

        var fill = EngineRunner.Parse(runner.Column("mean_texture").FillValue!);
        var train = runner.Feature("train", "mean_texture").Select(EngineRunner.Parse).Order().ToList();
        var middle = train.Count / 2;
        var median = train.Count % 2 == 1 ? train[middle] : (train[middle - 1] + train[middle]) / 2;
        Assert.Equal(median, fill);
    }

    [Fact]
    public async Task Zero_FillsWithZero()
    {
        using var runner = new EngineRunner();

        await runner.RunAsync(Spec("\"missing\": { \"numeric\": \"zero\" }"), TestFiles.Data("breast_cancer_dirty.csv"));

        var filled = runner.AllRows().Single(row => string.Join(',', row).StartsWith(Sample7Prefix, StringComparison.Ordinal));
        Assert.Equal("0", filled[2]);
    }

    [Fact]
    public async Task Constant_FillsWithColumnFillValue()
    {
        using var runner = new EngineRunner();

        await runner.RunAsync(Spec("\"columns\": { \"mean_texture\": { \"missing\": \"constant\", \"fillValue\": -1 } }"), TestFiles.Data("breast_cancer_dirty.csv"));

        var filled = runner.AllRows().Single(row => string.Join(',', row).StartsWith(Sample7Prefix, StringComparison.Ordinal));
        Assert.Equal("-1", filled[2]);
        Assert.Equal(4, runner.AllRows().Sum(row => row.Count(cell => cell.Length == 0)));
    }

    [Fact]
    public async Task Mode_FillsWithMostFrequentTrainingValue()
    {
        using var runner = new EngineRunner();

        await runner.RunAsync(Spec("\"columns\": { \"mean_texture\": { \"missing\": \"mode\" } }"), TestFiles.Data("breast_cancer_dirty.csv"));

        var train = runner.Feature("train", "mean_texture");
        var expected = train.GroupBy(value => value).OrderByDescending(group => group.Count()).ThenBy(group => group.Key, StringComparer.Ordinal).First().Key;
        Assert.Equal(expected, runner.Column("mean_texture").FillValue);
    }

    [Fact]
    public async Task DropRow_DropsEveryRowWithAMissingNumber()
    {
        using var runner = new EngineRunner();

        var manifest = await runner.RunAsync(Spec("\"missing\": { \"numeric\": \"dropRow\" }"), TestFiles.Data("breast_cancer_dirty.csv"));

        Assert.Equal(5, manifest.Rows.MissingValues);
        Assert.Equal(565, manifest.Rows.Train + manifest.Rows.Validation);
        Assert.DoesNotContain(runner.AllRows(), row => row.Contains(""));
    }

    [Fact]
    public async Task Fail_NamesLineAndColumn()
    {
        using var runner = new EngineRunner();

        var error = await Assert.ThrowsAsync<PreprocessingException>(() =>
            runner.RunAsync(Spec("\"columns\": { \"mean_texture\": { \"missing\": \"fail\" } }"), TestFiles.Data("breast_cancer_dirty.csv")));

        Assert.Equal(9, error.Line);
        Assert.Equal(2, error.Column);
        Assert.Contains("column 'mean_texture' is missing, and its missing treatment is \"fail\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingTarget_DropsRowsAndCountsThem()
    {
        using var runner = new EngineRunner();
        var lines = File.ReadAllLines(TestFiles.Data("diabetes.csv"));
        lines[5] = lines[5][..lines[5].LastIndexOf(',')] + ",";
        var input = runner.Scratch("diabetes_gap.csv", string.Join('\n', lines) + "\n");

        var manifest = await runner.RunAsync("""{ "target": "progression" }""", input);

        Assert.Equal(1, manifest.Rows.MissingTarget);
        Assert.Equal(441, manifest.Rows.Train + manifest.Rows.Validation);
    }

    [Fact]
    public async Task CategoricalKeep_WritesAllIndicatorsZero()
    {
        using var runner = new EngineRunner();
        var lines = File.ReadAllLines(TestFiles.Data("flights_head.csv")).Take(401).ToList();
        var cells = lines[1].Split(',');
        cells[5] = "";
        lines[1] = string.Join(',', cells);
        var input = runner.Scratch("flights_gap.csv", string.Join('\n', lines) + "\n");

        await runner.RunAsync("""{ "target": "arr_del15", "exclude": ["arr_delay", "dep_datetime"], "columns": { "origin": { "encoding": "onehot", "maxCategories": 500 } } }""", input);

        var origin = runner.Column("origin");
        var allZero = runner.AllRows().Where(row => row.Skip(1 + origin.FirstFeature).Take(origin.Features.Count).All(cell => cell == "0")).ToList();
        var only = Assert.Single(allZero);
        Assert.Equal("2176", only[^1]);
    }

    [Fact]
    public async Task CategoricalMode_FillsWithMostFrequentCategory()
    {
        using var runner = new EngineRunner();
        var lines = File.ReadAllLines(TestFiles.Data("flights_head.csv")).Take(401).ToList();
        var cells = lines[1].Split(',');
        cells[5] = "NA";
        lines[1] = string.Join(',', cells);
        var input = runner.Scratch("flights_gap.csv", string.Join('\n', lines) + "\n");

        await runner.RunAsync("""{ "target": "arr_del15", "exclude": ["arr_delay"], "missing": { "categorical": "mode" } }""", input);

        var origin = runner.Column("origin");
        var statistics = origin.Statistics!;
        Assert.Equal(1, statistics.Missing);
        Assert.NotNull(origin.FillValue);
        Assert.Contains(origin.FillValue, origin.Categories!);
    }
}
