using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Benchmarks.Learning;

/// <summary>
/// Times the xgboost command-line program and the local training engine in alternation, so both see the same load on
/// a shared machine; prints each run and the ratio of the medians. Run with: Pipeline.Benchmarks learning-interleaved [pairs].
/// </summary>
internal static class InterleavedTraining
{
    public static async Task RunAsync(string[] args)
    {
        var pairs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var benchmark = new TrainingBenchmarks();
        benchmark.Setup();
        benchmark.XGBoostCommandLine();
        await benchmark.TrainingEngineLocal();

        var commandLine = new List<double>();
        var engine = new List<double>();
        for (var pair = 0; pair < pairs; pair++)
        {
            var stopwatch = Stopwatch.StartNew();
            benchmark.XGBoostCommandLine();
            commandLine.Add(stopwatch.Elapsed.TotalMilliseconds);

            stopwatch.Restart();
            await benchmark.TrainingEngineLocal();
            engine.Add(stopwatch.Elapsed.TotalMilliseconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pair {pair + 1}: xgboost CLI {commandLine[^1]:F0} ms, training engine {engine[^1]:F0} ms"));
        }

        var cliMedian = Median(commandLine);
        var engineMedian = Median(engine);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median: xgboost CLI {cliMedian:F0} ms, training engine {engineMedian:F0} ms, ratio {engineMedian / cliMedian:F3}"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
