namespace Pipeline.Preprocessing.Tests.Engine;

/// <summary>
/// Numbers near the ends of the range of a double: a value beyond it is not a number, and a statistic that
/// overflows (the squared deviations of values near 1e200) is left out of the manifest, which stays valid JSON.
/// </summary>
public sealed class LargeNumberTests
{
    private const string Rows = "0,1\n1,2\n0,3\n1,4\n0,5\n1,6\n0,7\n1,8\n";

    [Fact]
    public async Task RunAsync_OverflowingDeviation_LeavesOutStandardDeviation()
    {
        using var runner = new EngineRunner();
        var input = runner.Scratch("large.csv", "y,x\n0,1e200\n1,1e200\n" + Rows);

        var manifest = await runner.RunAsync("""{ "target": "y" }""", input);

        var statistics = runner.Column("x").Statistics!;
        Assert.Equal(10, manifest.Rows.Read);
        Assert.Equal(1e200, statistics.Max);
        Assert.Equal(1, statistics.Min);
        Assert.True(statistics.Mean is > 1e199 and < 1e200, $"mean {statistics.Mean}");
        Assert.Null(statistics.StandardDeviation);
    }

    // In a column of numbers, a value beyond the range fails the run like any other text that is not a number.
    [Fact]
    public async Task RunAsync_ValueBeyondDoubleRange_FailsNamingTheCell()
    {
        using var runner = new EngineRunner();
        var input = runner.Scratch("overflow.csv", "y,x\n0,1e309\n" + string.Concat(Enumerable.Repeat(Rows, 10)));

        var error = await Assert.ThrowsAsync<PreprocessingException>(() => runner.RunAsync("""{ "target": "y" }""", input));

        Assert.Contains("'1e309'", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public async Task RunAsync_MeanFillOfOverflowingSum_FailsNamingTheColumn()
    {
        using var runner = new EngineRunner();
        var rows = string.Concat(Enumerable.Range(0, 40).Select(i => $"{i % 2},1e308\n"));
        var input = runner.Scratch("sum.csv", "y,x\n0,\n" + rows);

        var error = await Assert.ThrowsAsync<PreprocessingException>(() =>
            runner.RunAsync("""{ "target": "y", "split": { "train": 0.99, "validation": 0.01 }, "columns": { "x": { "missing": "mean" } } }""", input));

        Assert.Contains("the sum of the training values of column 'x' is beyond the range of a double", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Column);
    }
}
