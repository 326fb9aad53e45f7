using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Learning.Tests;

/// <summary>Runs Debian's python3-xgboost 1.7 on a saved model, the way SageMaker's own container loads it.</summary>
internal static class PythonBooster
{
    public static int NumBoostedRounds(string modelDirectory) =>
        int.Parse(Run($"import xgboost as x; print(x.Booster(model_file='{Path.Combine(modelDirectory, "xgboost-model")}').num_boosted_rounds())").Trim(), CultureInfo.InvariantCulture);

    /// <summary>Predicts label-less CSV rows and returns repr() of each prediction (or of each row for vectors).</summary>
    public static string[] Predict(string modelDirectory, string featureCsv)
    {
        var script = $$"""
            import numpy as np, xgboost as xgb
            booster = xgb.Booster(model_file='{{Path.Combine(modelDirectory, "xgboost-model")}}')
            data = np.loadtxt('{{featureCsv}}', delimiter=',', ndmin=2)
            for p in booster.predict(xgb.DMatrix(data)).tolist():
                print(','.join(repr(v) for v in p) if isinstance(p, list) else repr(p))
            """;
        return Run(script).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static string Run(string script)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python3 failed: {error.Result}");
        return output.Result;
    }
}
