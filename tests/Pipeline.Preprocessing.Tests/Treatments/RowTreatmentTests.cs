using System.Globalization;

namespace Pipeline.Preprocessing.Tests.Treatments;

/// <summary>Row-level treatments: filters, deduplication, the split, feature selection, output formats and the profile.</summary>
public sealed class RowTreatmentTests
{
    private static List<string[]> Raw(string file) =>
        [.. File.ReadAllLines(TestFiles.Data(file)).Skip(1).Select(line => line.Split(','))];

    [Fact]
    public async Task Filter_Equal_KeepsMatchingRows()
    {
        using var runner = new EngineRunner();

        var manifest = await runner.RunAsync("""{ "target": "progression", "filters": [ { "column": "sex", "operator": "==", "value": 1 } ] }""", TestFiles.Data("diabetes.csv"));

        var expected = Raw("diabetes.csv").Count(cells => cells[1] == "1");
        Assert.Equal(expected, manifest.Rows.Train + manifest.Rows.Validation);
        Assert.Equal(442 - expected, manifest.Rows.Filtered);
        Assert.All(runner.AllRows(), row => Assert.Equal("1", row[2]));
    }

    [Fact]
    public async Task Filter_NumericRangeAndIn_CombineWithAnd()
    {
        using var runner = new EngineRunner();
        const string Spec = """
            { "target": "arr_delay", "exclude": ["arr_del15"],
              "filters": [ { "column": "distance", "operator": ">=", "value": 1000 },
                           { "column": "origin", "operator": "in", "values": ["LAS", "PHX", "ORD"] } ] }
            """;

        var manifest = await runner.RunAsync(Spec, TestFiles.Data("flights_head.csv"));

        var expected = Raw("flights_head.csv").Count(cells => int.Parse(cells[7], CultureInfo.InvariantCulture) >= 1000 && cells[5] is "LAS" or "PHX" or "ORD");
        Assert.Equal(expected, manifest.Rows.Train + manifest.Rows.Validation);
    }

    [Fact]
    public async Task Filter_IsNotMissing_DropsRowsWithEmptyCell()
    {
        using var runner = new EngineRunner();

        var manifest = await runner.RunAsync(
            """{ "target": "diagnosis", "input": { "thousandsSeparator": "," }, "filters": [ { "column": "mean_texture", "operator": "isNotMissing" } ] }""",
            TestFiles.Data("breast_cancer_dirty.csv"));

        Assert.Equal(1, manifest.Rows.Filtered);
        Assert.Equal(569, manifest.Rows.Train + manifest.Rows.Validation);
    }

    [Fact]
    public async Task Deduplicate_DropsExactRepeat()
    {
        using var runner = new EngineRunner();

        var manifest = await runner.RunAsync("""{ "target": "diagnosis", "input": { "thousandsSeparator": "," }, "deduplicate": true }""", TestFiles.Data("breast_cancer_dirty.csv"));

        Assert.Equal(1, manifest.Rows.Duplicates);
        var rows = runner.AllRows().Select(row => string.Join(',', row)).ToList();
        Assert.Equal(rows.Count, rows.Distinct().Count());
    }

    [Fact]
    public async Task NoDeduplicate_KeepsRepeatInTheSameSplit()
    {
        using var runner = new EngineRunner();

        await runner.RunAsync("""{ "target": "diagnosis", "input": { "thousandsSeparator": "," } }""", TestFiles.Data("breast_cancer_dirty.csv"));

        var train = runner.Lines("train");
        var validation = runner.Lines("validation");
        var repeated = train.Concat(validation).GroupBy(line => line).Single(group => group.Count() == 2).Key;
        Assert.True(train.Count(line => line == repeated) == 2 || validation.Count(line => line == repeated) == 2);
    }

    [Fact]
    public async Task TestSplit_WritesThreeFilesNearTheFractions()
    {
        using var runner = new EngineRunner();

        var manifest = await runner.RunAsync("""{ "target": 0, "split": { "train": 0.7, "validation": 0.15, "test": 0.15 } }""", TestFiles.Data("digits.csv"));

        Assert.Equal(1797, manifest.Rows.Train + manifest.Rows.Validation + manifest.Rows.Test);
        Assert.Equal(manifest.Rows.Test, runner.Lines("test").Length);
        Assert.InRange(manifest.Rows.Train, 1180, 1340);
        Assert.InRange(manifest.Rows.Test, 200, 340);
        Assert.Equal("test/data.csv", manifest.Files["test"]);
    }

    [Fact]
    public async Task Seed_ChangesTheSplitButNotTheRows()
    {
        using var first = new EngineRunner();
        using var second = new EngineRunner();

        await first.RunAsync("""{ "target": "diagnosis" }""", TestFiles.Data("breast_cancer.csv"));
        await second.RunAsync("""{ "target": "diagnosis", "split": { "seed": 7 } }""", TestFiles.Data("breast_cancer.csv"));

        Assert.NotEqual(first.Lines("validation"), second.Lines("validation"));
        Assert.Equal(first.AllRows().Select(row => string.Join(',', row)).Order(), second.AllRows().Select(row => string.Join(',', row)).Order());
    }

    [Fact]
    public async Task AppendedRows_KeepEarlierRowsInTheirSplit()
    {
        using var before = new EngineRunner();
        using var after = new EngineRunner();
        var lines = File.ReadAllLines(TestFiles.Data("diabetes.csv"));
        var head = before.Scratch("head.csv", string.Join('\n', lines.Take(300)) + "\n");

        await before.RunAsync("""{ "target": "progression" }""", head);
        await after.RunAsync("""{ "target": "progression" }""", TestFiles.Data("diabetes.csv"));

        Assert.Subset(after.Lines("validation").ToHashSet(), before.Lines("validation").ToHashSet());
        Assert.Subset(after.Lines("train").ToHashSet(), before.Lines("train").ToHashSet());
    }

    [Fact]
    public async Task Features_ListedOrderIsOutputOrder()
    {
        using var runner = new EngineRunner();

        var manifest = await runner.RunAsync("""{ "target": "progression", "features": ["bmi", "age"] }""", TestFiles.Data("diabetes.csv"));

        Assert.Equal(["bmi", "age"], manifest.Features);
        Assert.Contains(runner.AllRows(), row => row is ["151", "32.1", "59"]);
        Assert.Equal(ColumnRole.Excluded, runner.Column("s1").Role);
    }

    [Fact]
    public async Task Exclude_LeavesColumnOut()
    {
        using var runner = new EngineRunner();

        var manifest = await runner.RunAsync("""{ "target": "progression", "exclude": ["sex", 0] }""", TestFiles.Data("diabetes.csv"));

        Assert.Equal(["bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"], manifest.Features);
    }

    [Fact]
    public async Task LibSvmOutput_WritesOneBasedIndexesAndSkipsMissing()
    {
        using var runner = new EngineRunner();

        var manifest = await runner.RunAsync(
            """{ "target": "diagnosis", "input": { "thousandsSeparator": "," }, "output": { "format": "libsvm" } }""",
            TestFiles.Data("breast_cancer_dirty.csv"));

        Assert.Equal("train/data.libsvm", manifest.Files["train"]);
        var lines = runner.Lines("train", "libsvm").Concat(runner.Lines("validation", "libsvm")).ToList();
        Assert.Equal(570, lines.Count);
        Assert.Equal(5, lines.Count(line => line.Split(' ').Length == 30));
        var first = lines.Single(line => line.StartsWith("0 1:17.99 2:10.38 3:122.8 4:1001 ", StringComparison.Ordinal));
        Assert.EndsWith(" 30:0.1189", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LibSvmOutput_OneHotWritesOnlyTheSetIndicator()
    {
        using var runner = new EngineRunner();

        await runner.RunAsync("""{ "target": "progression", "columns": { "sex": { "type": "categorical" } }, "output": { "format": "libsvm" } }""", TestFiles.Data("diabetes.csv"));

        var line = runner.Lines("train", "libsvm").Concat(runner.Lines("validation", "libsvm")).Single(line => line.StartsWith("151 1:59 ", StringComparison.Ordinal));
        Assert.Equal("151 1:59 3:1 4:32.1 5:101.0 6:157 7:93.2 8:38.0 9:4.0 10:4.8598 11:87", line);
    }

    [Fact]
    public async Task Profile_RecordsStatisticsAndCanBeTurnedOff()
    {
        using var on = new EngineRunner();
        using var off = new EngineRunner();

        await on.RunAsync("""{ "target": "progression" }""", TestFiles.Data("diabetes.csv"));
        await off.RunAsync("""{ "target": "progression", "profile": false }""", TestFiles.Data("diabetes.csv"));

        var age = on.Column("age").Statistics!;
        var ages = Raw("diabetes.csv").Select(cells => double.Parse(cells[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(442, age.Count);
        Assert.Equal(ages.Min(), age.Min);
        Assert.Equal(ages.Max(), age.Max);
        Assert.Equal(ages.Average(), age.Mean!.Value, 9);
        Assert.Equal(2, on.Column("sex").Statistics!.Distinct);
        Assert.Null(off.Column("age").Statistics);
    }
}
