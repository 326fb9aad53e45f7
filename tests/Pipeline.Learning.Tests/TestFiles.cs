using System.Globalization;

namespace Pipeline.Learning.Tests;

/// <summary>Test data paths and a scratch folder per test.</summary>
internal sealed class TestFiles : IDisposable
{
    public const string XGBoostImage = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";

    public TestFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "pipeline-learning-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string ModelDirectory => Path.Combine(Root, "model");

    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    /// <summary>Writes a file under the scratch folder and returns its path.</summary>
    public string Write(string name, string content)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public TrainingRequest Request(IReadOnlyDictionary<string, string> hyperParameters, params TrainingChannel[] channels) =>
        new(XGBoostImage, hyperParameters, channels, ModelDirectory, Path.Combine(Root, "work"));

    public static TrainingChannel Csv(string name, params string[] files) => new(name, files, "text/csv");

    /// <summary>Reads a label-first CSV into labels and label-less rows.</summary>
    public static (float[] Labels, string[] Rows) SplitLabels(string path)
    {
        var lines = File.ReadAllLines(path).Where(line => line.Length > 0).ToArray();
        var labels = lines.Select(line => float.Parse(line[..line.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture)).ToArray();
        var rows = lines.Select(line => line[(line.IndexOf(',', StringComparison.Ordinal) + 1)..]).ToArray();
        return (labels, rows);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
