using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;
using Pipeline.Learning.Inference;

namespace Pipeline.Learning.Tests.Training;

public sealed class ParquetTrainingTests
{
    [Fact]
    public async Task TrainAsync_ParquetChannel_GivesSameModelAsCsv()
    {
        using var files = new TestFiles();
        var csv = TestFiles.Data("breast_cancer.train.csv");
        var parquet = Path.Combine(files.Root, "train.parquet");
        await WriteParquetAsync(csv, parquet, nullFirstFeatureOfRow: -1);
        var parameters = new Dictionary<string, string> { ["objective"] = "binary:logistic", ["num_round"] = "10" };

        var fromParquet = await new TrainingEngine().TrainAsync(
            files.Request(parameters, new TrainingChannel("train", [parquet], "application/x-parquet")) with { ModelDirectory = Path.Combine(files.Root, "parquet-model") });
        var fromCsv = await new TrainingEngine().TrainAsync(files.Request(parameters, TestFiles.Csv("train", csv)));

        Assert.Equal(fromCsv.FinalMetrics, fromParquet.FinalMetrics);
        var (_, rows) = TestFiles.SplitLabels(TestFiles.Data("breast_cancer.validation.csv"));
        var body = Encoding.UTF8.GetBytes(string.Join('\n', rows));
        using var parquetModel = InferenceModelLoader.Load(Path.Combine(files.Root, "parquet-model"));
        using var csvModel = InferenceModelLoader.Load(files.ModelDirectory);
        Assert.Equal(csvModel.Invoke("text/csv", null, body).Body, parquetModel.Invoke("text/csv", null, body).Body);
    }

    [Fact]
    public async Task TrainAsync_ParquetNullLabel_NamesFileAndRow()
    {
        using var files = new TestFiles();
        var parquet = Path.Combine(files.Root, "train.parquet");
        var label = new DataField<double?>("label");
        var feature = new DataField<double>("x");
        await using (var stream = File.Create(parquet))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(label, feature), stream))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync(label, new ReadOnlyMemory<double?>([1, null, 0]));
            await group.WriteAsync(feature, new ReadOnlyMemory<double>([1, 2, 3]));
        }

        var parameters = new Dictionary<string, string> { ["objective"] = "binary:logistic", ["num_round"] = "2" };
        var error = await Assert.ThrowsAsync<AlgorithmException>(
            () => new TrainingEngine().TrainAsync(files.Request(parameters, new TrainingChannel("train", [parquet], "application/x-parquet"))));

        Assert.Contains("File 'train.parquet', row 2: the label (column 'label') is null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAsync_ParquetTextColumn_NamesColumn()
    {
        using var files = new TestFiles();
        var parquet = Path.Combine(files.Root, "train.parquet");
        var label = new DataField<double>("label");
        var city = new DataField<string>("city");
        await using (var stream = File.Create(parquet))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(label, city), stream))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync(label, new ReadOnlyMemory<double>([1, 0]));
            await group.WriteAsync(city, new[] { "Oslo", "Lima" });
        }

        var parameters = new Dictionary<string, string> { ["objective"] = "binary:logistic", ["num_round"] = "2" };
        var error = await Assert.ThrowsAsync<AlgorithmException>(
            () => new TrainingEngine().TrainAsync(files.Request(parameters, new TrainingChannel("train", [parquet], "application/x-parquet"))));

        Assert.Contains("column 'city' has type", error.Message, StringComparison.Ordinal);
        Assert.Contains("XGBoost needs numeric columns", error.Message, StringComparison.Ordinal);
    }

    private static async Task WriteParquetAsync(string csv, string parquet, int nullFirstFeatureOfRow)
    {
        var rows = File.ReadAllLines(csv).Where(line => line.Length > 0)
            .Select(line => line.Split(',').Select(cell => double.Parse(cell, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        var fields = Enumerable.Range(0, rows[0].Length).Select(column => new DataField<double?>($"c{column}")).ToArray();
        await using var stream = File.Create(parquet);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        using var group = writer.CreateRowGroup();
        for (var column = 0; column < fields.Length; column++)
        {
            var values = rows.Select((row, index) => column == 1 && index == nullFirstFeatureOfRow ? (double?)null : row[column]).ToArray();
            await group.WriteAsync(fields[column], new ReadOnlyMemory<double?>(values));
        }
    }
}
