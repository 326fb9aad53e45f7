using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace Pipeline.Preprocessing.Tests.Inputs;

/// <summary>Input formats and CSV dialects: each variant of diabetes.csv must give the rows of the plain CSV.</summary>
public sealed class InputFormatTests
{
    private const string Spec = """{ "target": "progression" }""";

    private static async Task<List<string>> PlainRowsAsync()
    {
        using var runner = new EngineRunner();
        await runner.RunAsync(Spec, TestFiles.Data("diabetes.csv"));
        return [.. runner.AllRows().Select(row => string.Join(',', row)).Order(StringComparer.Ordinal)];
    }

    private static List<string> Sorted(EngineRunner runner) =>
        [.. runner.AllRows().Select(row => string.Join(',', row)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Csv_SemicolonAndDecimalComma_ReadsLikePlainCsv()
    {
        using var runner = new EngineRunner();
        var european = File.ReadAllLines(TestFiles.Data("diabetes.csv")).Select(line => line.Replace(',', ';').Replace('.', ','));
        var input = runner.Scratch("european.csv", string.Join("\r\n", european) + "\r\n");

        await runner.RunAsync("""{ "target": "progression", "input": { "delimiter": ";", "decimalSeparator": "," } }""", input);

        Assert.Equal(await PlainRowsAsync(), Sorted(runner));
    }

    [Fact]
    public async Task Csv_DecimalCommaWithMissingNumber_FillsWithThePlainMean()
    {
        using var runner = new EngineRunner();
        var input = runner.Scratch("european.csv", "x;y;label\n1,5;10;0\n;20;1\n2,5;30;0\n3,5;40;1\n4,5;50;0\n5,5;60;1\n");

        await runner.RunAsync("""{ "target": "label", "input": { "delimiter": ";", "decimalSeparator": "," }, "missing": { "numeric": "mean" }, "split": { "train": 0.5, "validation": 0.5 } }""", input);

        // The fill is the mean of the training rows' x, written in plain form like every other number.
        var fill = runner.Column("x").FillValue;
        Assert.NotNull(fill);
        Assert.DoesNotContain(",", fill, StringComparison.Ordinal);
        var written = runner.AllRows().Single(row => row[2] == "20")[1];
        Assert.Equal(fill, written);
    }

    [Fact]
    public async Task Csv_TabDelimitedWithQuotesAndSpaces_ReadsLikePlainCsv()
    {
        using var runner = new EngineRunner();
        var lines = File.ReadAllLines(TestFiles.Data("diabetes.csv")).Select(line => string.Join('\t', line.Split(',').Select(cell => $" \"{cell}\" ")));
        var input = runner.Scratch("quoted.tsv", string.Join('\n', lines) + "\n");

        var manifest = await runner.RunAsync("""{ "target": "progression", "input": { "delimiter": "\t" } }""", input);

        Assert.Equal("age", manifest.InputColumns[0]);
        Assert.Equal(442, manifest.Rows.Train + manifest.Rows.Validation);
    }

    [Fact]
    public async Task Csv_Latin1Encoding_ReadsAccentedCategories()
    {
        using var runner = new EngineRunner();
        var path = runner.ScratchPath("latin1.csv");
        var text = new StringBuilder("city,y\n");
        for (var i = 0; i < 40; i++)
        {
            text.Append(i % 2 == 0 ? "Zürich" : "Genève").Append(',').Append(i % 3).Append('\n');
        }

        await File.WriteAllBytesAsync(path, Encoding.Latin1.GetBytes(text.ToString()));

        await runner.RunAsync("""{ "target": "y", "input": { "encoding": "latin-1" } }""", path);

        Assert.Equal(["city=Genève", "city=Zürich"], runner.Manifest.Features);
    }

    [Fact]
    public async Task Csv_NoQuoting_KeepsQuoteCharacters()
    {
        using var runner = new EngineRunner();
        var input = runner.Scratch("raw.csv", "name,y\n\"a,1\n\"b,0\n\"a,1\n\"b,0\n\"a,1\n\"b,0\n\"a,0\n\"b,1\n\"a,1\n\"b,0\n");

        await runner.RunAsync("""{ "target": "y", "input": { "quote": "" } }""", input);

        Assert.Equal(["name=\"a", "name=\"b"], runner.Manifest.Features);
    }

    [Fact]
    public async Task JsonLines_Diabetes_GivesTheSameRowsAndSplit()
    {
        using var runner = new EngineRunner();
        var lines = File.ReadAllLines(TestFiles.Data("diabetes.csv"));
        var header = lines[0].Split(',');
        var json = lines.Skip(1).Select(line => "{" + string.Join(", ", line.Split(',').Select((cell, i) => $"\"{header[i]}\": {cell}")) + "}");
        var input = runner.Scratch("diabetes.jsonl", string.Join('\n', json) + "\n");
        using var plain = new EngineRunner();
        await plain.RunAsync(Spec, TestFiles.Data("diabetes.csv"));

        var manifest = await runner.RunAsync(Spec, input);

        Assert.Equal(InputFormat.JsonLines, manifest.InputFormat);
        Assert.Equal(plain.Lines("train"), runner.Lines("train"));
        Assert.Equal(plain.Lines("validation"), runner.Lines("validation"));
    }

    [Fact]
    public async Task JsonLines_MissingKeyAndNull_AreMissingValues()
    {
        using var runner = new EngineRunner();
        var rows = Enumerable.Range(0, 30).Select(i => i switch
        {
            3 => """{"x": null, "c": "a", "y": 1}""",
            4 => """{"c": "b", "y": 0}""",
            _ => $$"""{"x": {{i}}.5, "c": "{{(i % 2 == 0 ? "a" : "b")}}", "y": {{i % 2}}}""",
        });
        var input = runner.Scratch("rows.jsonl", string.Join('\n', rows) + "\n");

        await runner.RunAsync("""{ "target": "y" }""", input);

        Assert.Equal(2, runner.Column("x").Statistics!.Missing);
        Assert.Equal(2, runner.AllRows().Count(row => row[1] == ""));
    }

    [Fact]
    public async Task JsonLines_UnknownKey_NamesLineAndKey()
    {
        using var runner = new EngineRunner();
        var input = runner.Scratch("bad.jsonl", "{\"x\": 1, \"y\": 0}\n{\"x\": 2, \"z\": 3, \"y\": 1}\n");

        var error = await Assert.ThrowsAsync<PreprocessingException>(() => runner.RunAsync("""{ "target": "y" }""", input));

        Assert.Equal(2, error.Line);
        Assert.Contains("has the key 'z', which the first object does not have", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonLines_InvalidJson_NamesTheLine()
    {
        using var runner = new EngineRunner();
        var input = runner.Scratch("bad.jsonl", "{\"x\": 1, \"y\": 0}\n{\"x\": 2, \"y\": }\n");

        var error = await Assert.ThrowsAsync<PreprocessingException>(() => runner.RunAsync("""{ "target": "y" }""", input));

        Assert.Equal(2, error.Line);
        Assert.Contains("line 2 is not a valid JSON object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parquet_Diabetes_ReadsTypedColumns()
    {
        using var runner = new EngineRunner();
        var path = runner.ScratchPath("diabetes.parquet");
        var raw = File.ReadAllLines(TestFiles.Data("diabetes.csv")).Skip(1).Select(line => line.Split(',')).ToList();
        var age = new DataField<int>("age");
        var bmi = new DataField<double>("bmi");
        var group = new DataField<string>("group");
        var progression = new DataField<long>("progression");
        await using (var stream = File.Create(path))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(age, bmi, group, progression), stream);
            using var rowGroup = writer.CreateRowGroup();
            await rowGroup.WriteAsync<int>(age, new ReadOnlyMemory<int>([.. raw.Select(cells => int.Parse(cells[0], CultureInfo.InvariantCulture))]));
            await rowGroup.WriteAsync<double>(bmi, new ReadOnlyMemory<double>([.. raw.Select(cells => double.Parse(cells[2], CultureInfo.InvariantCulture))]));
            await rowGroup.WriteAsync(group, raw.Select(cells => cells[1] == "1" ? "one" : "two").ToArray());
            await rowGroup.WriteAsync<long>(progression, new ReadOnlyMemory<long>([.. raw.Select(cells => long.Parse(cells[10], CultureInfo.InvariantCulture))]));
        }

        var manifest = await runner.RunAsync(Spec, path);

        Assert.Equal(InputFormat.Parquet, manifest.InputFormat);
        Assert.Equal(["age", "bmi", "group=one", "group=two"], manifest.Features);
        Assert.Contains(runner.AllRows(), row => row is ["151", "59", "32.1", "0", "1"]);
        Assert.Equal(442, manifest.Rows.Train + manifest.Rows.Validation);
    }

    [Fact]
    public async Task Parquet_NotAParquetFile_SaysSo()
    {
        using var runner = new EngineRunner();

        var error = await Assert.ThrowsAsync<PreprocessingException>(() =>
            runner.RunAsync("""{ "target": "progression", "input": { "format": "parquet" } }""", TestFiles.Data("diabetes.csv")));

        Assert.Contains("is not a readable Parquet file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DateTime_ConvertsToUnixSeconds()
    {
        using var runner = new EngineRunner();

        await runner.RunAsync("""{ "target": "arr_del15", "features": ["dep_datetime"] }""", TestFiles.Data("flights_head.csv"));

        var expected = File.ReadAllLines(TestFiles.Data("flights_head.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(cells => $"{cells[9]},{new DateTimeOffset(DateTime.ParseExact(cells[0], "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), TimeSpan.Zero).ToUnixTimeSeconds()}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, runner.AllRows().Select(row => string.Join(',', row)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ThousandsOfColumns_AreEncoded()
    {
        using var runner = new EngineRunner();
        var digits = File.ReadAllLines(TestFiles.Data("digits.csv"));
        var wide = digits.Select(line =>
        {
            var cells = line.Split(',');
            return string.Join(',', cells.Take(1).Concat(Enumerable.Range(0, 50).SelectMany(_ => cells.Skip(1))));
        });
        var input = runner.Scratch("wide.csv", string.Join('\n', wide) + "\n");

        var manifest = await runner.RunAsync("""{ "target": 0 }""", input);

        Assert.Equal(3200, manifest.Features.Count);
        Assert.All(runner.AllRows(), row => Assert.Equal(3201, row.Length));
    }
}
