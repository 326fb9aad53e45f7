using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Pipeline.Preprocessing.Tests.Inputs;

/// <summary>
/// Required (non-nullable) Parquet columns read into nullable values came back shifted now and then, depending on
/// earlier reads in the same process (the cause inside Parquet.Net was not traced). So one process reads the same
/// file many times.
/// </summary>
public sealed class ParquetRequiredColumnTests
{
    [Fact]
    public async Task RunAsync_RequiredIntColumnReadRepeatedly_KeepsEveryValueOnItsRow()
    {
        using var runner = new EngineRunner();
        var path = runner.ScratchPath("diabetes.parquet");
        var raw = File.ReadAllLines(TestFiles.Data("diabetes.csv")).Skip(1).Select(line => line.Split(',')).ToList();
        var age = new DataField<int>("age");
        var progression = new DataField<long>("progression");
        await using (var stream = File.Create(path))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(age, progression), stream);
            using var rowGroup = writer.CreateRowGroup();
            await rowGroup.WriteAsync<int>(age, new ReadOnlyMemory<int>([.. raw.Select(cells => int.Parse(cells[0], CultureInfo.InvariantCulture))]));
            await rowGroup.WriteAsync<long>(progression, new ReadOnlyMemory<long>([.. raw.Select(cells => long.Parse(cells[10], CultureInfo.InvariantCulture))]));
        }

        var failures = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            await new PreprocessingEngine().RunAsync(PreprocessingSpec.Parse("""{ "target": "progression" }"""), path, runner.Output);
            var rows = runner.AllRows().Select(row => string.Join(',', row)).ToHashSet();
            var expected = raw.Select(cells => $"{cells[10]},{cells[0]}").ToHashSet();
            if (!rows.SetEquals(expected))
            {
                var lines = runner.Lines("train").Concat(runner.Lines("validation")).ToList();
                var detail = lines.Select((line, n) => (line, n)).Where(pair => !expected.Contains(pair.line)).Take(8)
                    .Select(pair => $"output line {pair.n} is '{pair.line}', but the input row with that label has age {raw.First(cells => cells[10] == pair.line.Split(',')[0])[0]}");
                failures.Add($"run {i}, {lines.Count} rows: {string.Join("; ", detail)}");
            }
        }

        Assert.Empty(failures);
    }
}
