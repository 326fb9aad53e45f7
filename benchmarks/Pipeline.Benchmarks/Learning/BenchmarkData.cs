using System.Globalization;
using System.Text;

namespace Pipeline.Benchmarks.Learning;

/// <summary>
/// Benchmark inputs built from the digits data in the test project: the training rows repeated until the file reaches
/// a size, in SageMaker CSV (label first) and 1-based LIBSVM.
/// </summary>
internal static class BenchmarkData
{
    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), "pipeline-benchmarks", "learning");

    public static string DigitsCsv => FindRepositoryFile("tests", "Pipeline.Learning.Tests", "TestData", "digits.train.csv");

    /// <summary>Writes the digits rows repeated <paramref name="copies"/> times as CSV and LIBSVM; returns both paths.</summary>
    public static (string Csv, string LibSvm) Repeated(int copies)
    {
        Directory.CreateDirectory(Folder);
        var csv = Path.Combine(Folder, FormattableString.Invariant($"digits-x{copies}.csv"));
        var libsvm = Path.Combine(Folder, FormattableString.Invariant($"digits-x{copies}.libsvm"));
        if (File.Exists(csv) && File.Exists(libsvm))
        {
            return (csv, libsvm);
        }

        var lines = File.ReadAllLines(DigitsCsv).Where(line => line.Length > 0).ToArray();
        var csvText = new StringBuilder();
        var libsvmText = new StringBuilder();
        for (var copy = 0; copy < copies; copy++)
        {
            foreach (var line in lines)
            {
                csvText.Append(line).Append('\n');
                var cells = line.Split(',');
                libsvmText.Append(cells[0]);
                for (var i = 1; i < cells.Length; i++)
                {
                    if (cells[i] != "0")
                    {
                        libsvmText.Append(CultureInfo.InvariantCulture, $" {i}:{cells[i]}");
                    }
                }

                libsvmText.Append('\n');
            }
        }

        File.WriteAllText(csv, csvText.ToString());
        File.WriteAllText(libsvm, libsvmText.ToString());
        return (csv, libsvm);
    }

    private static string FindRepositoryFile(params string[] parts)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine([folder.FullName, .. parts]);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{Path.Combine(parts)} was not found above {AppContext.BaseDirectory}.");
    }
}
