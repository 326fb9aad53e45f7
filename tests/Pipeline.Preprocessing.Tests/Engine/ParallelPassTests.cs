using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Preprocessing.Internal.Values;

namespace Pipeline.Preprocessing.Tests.Engine;

/// <summary>
/// The passes read rows in batches, process batches on several threads and combine them in input order, and the
/// second pass reuses the first pass's rows when they fit in memory. These tests use inputs of several batches
/// (a batch has at most 4,096 rows) and check that neither shows in the output or in error messages.
/// </summary>
public sealed class ParallelPassTests
{
    private const string Spec = """{ "target": "label", "deduplicate": true, "split": { "train": 0.7, "validation": 0.2, "test": 0.1 } }""";

    [Fact]
    public async Task RunAsync_KeptRowsAndSecondRead_WriteIdenticalFiles()
    {
        using var temp = new TempFolder();
        var input = temp.File("mixed.csv", MixedCsv(rows: 20_000));
        var fromMemory = Path.Combine(temp.Path, "from-memory");
        var reread = Path.Combine(temp.Path, "reread");

        var first = await new PreprocessingEngine().RunAsync(PreprocessingSpec.Parse(Spec), input, fromMemory);
        var second = await new PreprocessingEngine { RowCacheBytes = 0 }.RunAsync(PreprocessingSpec.Parse(Spec), input, reread);

        Assert.Equal(20_000, first.Rows.Read);
        Assert.True(first.Rows.Duplicates > 0, "the input has duplicate rows");
        Assert.True(first.Rows.MissingTarget > 0, "the input has rows without a label");
        foreach (var relative in first.Files.Values.Append("manifest.json"))
        {
            Assert.True(
                File.ReadAllText(Path.Combine(fromMemory, relative)) == File.ReadAllText(Path.Combine(reread, relative)),
                $"{relative} differs between kept rows and a second read");
        }

        Assert.Equal(first.Rows.Train, second.Rows.Train);
    }

    [Fact]
    public async Task RunAsync_ManyBatches_KeepsInputOrderWithinEachSplit()
    {
        using var temp = new TempFolder();
        var builder = new StringBuilder("id,label\n");
        for (var i = 0; i < 30_000; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{i},{i % 2}\n");
        }

        var input = temp.File("ordered.csv", builder.ToString());
        using var runner = new EngineRunner();

        await runner.RunAsync("""{ "target": "label" }""", input);

        foreach (var split in new[] { "train", "validation" })
        {
            var ids = runner.Feature(split, "id").Select(int.Parse).ToList();
            Assert.Equal(ids.Order(), ids);
        }

        Assert.Equal(30_000, runner.AllRows().Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task RunAsync_RaggedRowAndMissingLabelInLaterBatches_ReportsTheEarlierLine(long cacheBytes)
    {
        using var temp = new TempFolder();
        var lines = MixedCsv(rows: 12_000, missingLabels: false).Split('\n').ToList();
        lines[9_000] = "1,2";
        lines[10_500] = lines[10_500][..lines[10_500].LastIndexOf(',')] + ",";
        var input = temp.File("late.csv", string.Join('\n', lines));
        var engine = cacheBytes < 0 ? new PreprocessingEngine() : new PreprocessingEngine { RowCacheBytes = cacheBytes };

        var error = await Assert.ThrowsAsync<PreprocessingException>(() =>
            engine.RunAsync(PreprocessingSpec.Parse("""{ "target": "label", "targetMissing": "fail" }"""), input, Path.Combine(temp.Path, "out")));

        Assert.Equal(9_001, error.Line);
        Assert.Contains("late.csv line 9001 has 2 fields", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "out", "train")) && File.Exists(Path.Combine(temp.Path, "out", "manifest.json")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task RunAsync_BadLabelInSecondPassLaterBatch_NamesItsLine(long cacheBytes)
    {
        using var temp = new TempFolder();
        var builder = new StringBuilder("x,y\n");
        for (var i = 0; i < 10_000; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{i},{(i == 8_000 ? "yes" : (i % 2).ToString(CultureInfo.InvariantCulture))}\n");
        }

        var input = temp.File("labels.csv", builder.ToString());
        var engine = cacheBytes < 0 ? new PreprocessingEngine() : new PreprocessingEngine { RowCacheBytes = cacheBytes };

        var error = await Assert.ThrowsAsync<PreprocessingException>(() =>
            engine.RunAsync(PreprocessingSpec.Parse("""{ "target": "y", "targetType": "numeric" }"""), input, Path.Combine(temp.Path, "out")));

        Assert.Equal(8_002, error.Line);
        Assert.Contains("'yes', which is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CanceledDuringFirstPass_StopsWithoutHanging()
    {
        using var temp = new TempFolder();
        var input = temp.File("large.csv", MixedCsv(rows: 200_000));
        using var source = new CancellationTokenSource();
        var progress = new CancelOnFirstReport(source);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new PreprocessingEngine().RunAsync(PreprocessingSpec.Parse(Spec), input, Path.Combine(temp.Path, "out"), progress, source.Token));

        Assert.True(progress.Reports >= 1);
    }

    [Fact]
    public async Task RunAsync_ShortLongAndNonAsciiCategories_CountsEveryValueApart()
    {
        using var temp = new TempFolder();
        // Values of 0 to 4 characters, ASCII and not: the engine counts the short ones through packed keys.
        string[] values = ["", "a", "A", "ab", "ba", "abc", "acb", "é", "éa", "aé", "abcd", "1", "01", "10"];
        var builder = new StringBuilder("code,label\n");
        for (var i = 0; i < 9_000; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{values[i % values.Length]},{i % 2}\n");
        }

        var input = temp.File("codes.csv", builder.ToString());
        using var runner = new EngineRunner();

        await runner.RunAsync("""{ "target": "label", "input": { "missingValues": ["NA"] }, "columns": { "code": { "type": "categorical" } } }""", input);

        var statistics = runner.Column("code").Statistics!;
        Assert.Equal(values.Length, statistics.Distinct);
        Assert.Equal(0, statistics.Missing);
        var counts = statistics.TopValues.ToDictionary(pair => pair.Key, pair => pair.Value);
        Assert.Equal(10, counts.Count);
        foreach (var (value, count) in counts)
        {
            var expected = Enumerable.Range(0, 9_000).Count(i => values[i % values.Length] == value);
            Assert.Equal(expected, count);
        }
    }

    [Fact]
    public async Task RunAsync_OrdinalShortAndLongCategories_WritesEachValuesPosition()
    {
        using var temp = new TempFolder();
        string[] values = ["", "a", "ab", "ba", "abc", "é", "éa", "abcd", "01", "1"];
        var builder = new StringBuilder("code,id,label\n");
        for (var i = 0; i < 5_000; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{values[i % values.Length]},{i},{i % 2}\n");
        }

        var input = temp.File("codes.csv", builder.ToString());
        using var runner = new EngineRunner();

        await runner.RunAsync("""{ "target": "label", "input": { "missingValues": ["NA"] }, "columns": { "code": { "type": "categorical", "encoding": "ordinal" } } }""", input);

        // Every written code is the position of the row's own value in the fitted category list.
        var categories = runner.Column("code").Categories!.ToList();
        Assert.Equal(values.Length, categories.Count);
        var rows = runner.Lines("train").Concat(runner.Lines("validation")).Select(line => line.Split(',')).ToList();
        Assert.Equal(5_000, rows.Count);
        Assert.All(rows, cells => Assert.Equal(values[int.Parse(cells[2], CultureInfo.InvariantCulture) % values.Length], categories[int.Parse(cells[1], CultureInfo.InvariantCulture)]));
    }

    // The in-order step adds a batch's cells column by column. The statistics must still be those of adding every
    // cell in file order, as one loop (and the Glue job) does.
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task RunAsync_StatisticsOverManyBatches_EqualOneSequentialPass(long cacheBytes)
    {
        using var temp = new TempFolder();
        var random = new Random(23);
        var builder = new StringBuilder("x,when,code,label\n");
        var numbers = new Welford();
        var dates = new Welford();
        var codes = new Dictionary<string, long>(StringComparer.Ordinal);
        var missing = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var amount = random.Next(20) == 0 ? "" : ((random.NextDouble() - 0.5) * 1e6).ToString("F3", CultureInfo.InvariantCulture);
            var time = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(500_000));
            var category = $"c{random.Next(30):D2}";
            builder.Append(CultureInfo.InvariantCulture, $"{amount},{time:yyyy-MM-dd HH:mm},{category},{i % 2}\n");
            if (amount.Length == 0)
            {
                missing++;
            }
            else
            {
                numbers.Add(double.Parse(amount, CultureInfo.InvariantCulture));
            }

            dates.Add((time - DateTime.UnixEpoch).TotalSeconds);
            codes[category] = codes.GetValueOrDefault(category) + 1;
        }

        var input = temp.File("statistics.csv", builder.ToString());
        var engine = cacheBytes < 0 ? new PreprocessingEngine() : new PreprocessingEngine { RowCacheBytes = cacheBytes };

        var manifest = await engine.RunAsync(PreprocessingSpec.Parse("""{ "target": "label", "deduplicate": false }"""), input, Path.Combine(temp.Path, "out"));

        var x = manifest.Columns.Single(column => column.Name == "x").Statistics!;
        Assert.Equal((10_000, missing), (x.Count, x.Missing));
        Assert.Equal((numbers.Min, numbers.Max), (x.Min, x.Max));
        Assert.Equal(numbers.Mean, x.Mean);
        Assert.Equal(numbers.StandardDeviation, x.StandardDeviation);
        var when = manifest.Columns.Single(column => column.Name == "when").Statistics!;
        Assert.Equal((dates.Min, dates.Max, dates.Mean, dates.StandardDeviation), (when.Min!.Value, when.Max!.Value, when.Mean!.Value, when.StandardDeviation!.Value));
        var code = manifest.Columns.Single(column => column.Name == "code").Statistics!;
        Assert.Equal(codes.Count, code.Distinct);
        Assert.All(code.TopValues, pair => Assert.Equal(codes[pair.Key], pair.Value));
    }

    [Fact]
    public void NativeSha256_OnLinux_IsUsedAndMatchesDotNetSha256()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Assert.True(NativeSha256.IsAvailable, "libcrypto's SHA256_Init/Update/Final were not found");
        var random = new Random(7);
        Span<byte> digest = stackalloc byte[32];
        foreach (var length in new[] { 0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 70_000 })
        {
            var data = new byte[length];
            random.NextBytes(data);

            NativeSha256.Hash(data, digest);

            Assert.Equal(SHA256.HashData(data), digest.ToArray());
        }
    }

    // Rows with numbers, categories, dates, quoted fields (a delimiter and a line break inside quotes), missing
    // values, duplicates of earlier rows and rows without a label.
    private static string MixedCsv(int rows, bool missingLabels = true)
    {
        var random = new Random(11);
        var colors = new[] { "red", "green", "blue", "\"dark, blue\"", "\"two\nlines\"" };
        var builder = new StringBuilder("amount,color,day,count,label\n");
        var written = new List<string>();
        for (var i = 0; i < rows; i++)
        {
            string line;
            if (i > 10 && i % 97 == 0)
            {
                line = written[random.Next(written.Count)];
            }
            else
            {
                var amount = random.Next(10) == 0 ? "" : (random.NextDouble() * 1000).ToString("F2", CultureInfo.InvariantCulture);
                var day = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(366)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var label = missingLabels && i % 251 == 0 ? "" : (random.Next(2)).ToString(CultureInfo.InvariantCulture);
                line = $"{amount},{colors[random.Next(colors.Length)]},{day},{random.Next(50)},{label}";
                written.Add(line);
            }

            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }

    // Welford's algorithm, one value at a time.
    private sealed class Welford
    {
        private long _count;
        private double _m2;

        public double Mean { get; private set; }

        public double Min { get; private set; } = double.PositiveInfinity;

        public double Max { get; private set; } = double.NegativeInfinity;

        public double StandardDeviation => Math.Sqrt(_m2 / (_count - 1));

        public void Add(double value)
        {
            _count++;
            var delta = value - Mean;
            Mean += delta / _count;
            _m2 += delta * (value - Mean);
            Min = Math.Min(Min, value);
            Max = Math.Max(Max, value);
        }
    }

    private sealed class CancelOnFirstReport(CancellationTokenSource source) : IProgress<PreprocessingProgress>
    {
        public int Reports { get; private set; }

        public void Report(PreprocessingProgress value)
        {
            Reports++;
            source.Cancel();
        }
    }
}
