namespace Pipeline.Learning.Tuning;

/// <summary>
/// Bayesian optimization: a few random trials, then each trial maximizes expected improvement under a Gaussian
/// process fitted to the completed trials. Candidates are random points plus perturbations of the best trials.
/// </summary>
internal sealed class BayesianSearch(TuningSettings settings) : ITuningStrategy
{
    private const int RandomCandidates = 2000;
    private const int LocalCandidates = 300;
    private const double Exploration = 0.01;

    private readonly Random _random = new(settings.Seed);
    private readonly List<double[]> _issued = [];

    /// <summary>Random trials before the model takes over: at least 3, at most 10, a fifth of the budget between.</summary>
    private int InitialTrials => Math.Clamp(settings.MaxTrials / 5, 3, 10);

    public TrialSuggestion? Suggest(IReadOnlyList<TrialResult> completed, int runningCount)
    {
        if (_issued.Count >= settings.MaxTrials)
        {
            return null;
        }

        var observed = completed.Where(result => result.ObjectiveValue is { } value && double.IsFinite(value)).ToList();
        // Results can include trials this strategy never issued (warm-start parents), so a warm start with enough
        // observed trials goes straight to the model. Without them, observed trials are a subset of issued ones.
        var point = observed.Count < InitialTrials
            ? settings.Space.RandomPoint(_random)
            : MaximizeExpectedImprovement(observed);
        _issued.Add(point);
        return new TrialSuggestion(settings.Space.Decode(point));
    }

    private double[] MaximizeExpectedImprovement(List<TrialResult> observed)
    {
        var sign = settings.Objective == ObjectiveType.Maximize ? 1.0 : -1.0;
        var points = observed.Select(result => settings.Space.Encode(result.Suggestion.HyperParameters)).ToList();
        var values = observed.Select(result => sign * result.ObjectiveValue!.Value).ToList();
        var process = GaussianProcess.Fit(points, values);
        var best = values.Max();

        var candidates = new List<double[]>();
        for (var i = 0; i < RandomCandidates; i++)
        {
            candidates.Add(settings.Space.RandomPoint(_random));
        }

        foreach (var index in Enumerable.Range(0, values.Count).OrderByDescending(i => values[i]).Take(5))
        {
            for (var i = 0; i < LocalCandidates / 5; i++)
            {
                var width = i % 2 == 0 ? 0.02 : 0.1;
                var candidate = points[index].Select(coordinate => Math.Clamp(coordinate + (width * Gaussian()), 0, 1)).ToArray();
                candidates.Add(settings.Space.Encode(settings.Space.Decode(candidate)));
            }
        }

        double[]? choice = null;
        var bestImprovement = double.NegativeInfinity;
        foreach (var candidate in candidates)
        {
            if (_issued.Any(issued => SamePoint(issued, candidate)))
            {
                continue;
            }

            var (mean, deviation) = process.Predict(candidate);
            var improvement = ExpectedImprovement(mean, deviation, best);
            if (improvement > bestImprovement)
            {
                bestImprovement = improvement;
                choice = candidate;
            }
        }

        return choice ?? settings.Space.RandomPoint(_random);
    }

    private static double ExpectedImprovement(double mean, double deviation, double best)
    {
        var gain = mean - best - Exploration;
        var z = gain / deviation;
        return (gain * NormalCdf(z)) + (deviation * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI));
    }

    private double Gaussian() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private static bool SamePoint(double[] a, double[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (Math.Abs(a[i] - b[i]) > 1e-9)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Standard normal CDF through erf (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7).</summary>
    private static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + (0.3275911 * x));
        var polynomial = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        var erf = 1 - (polynomial * Math.Exp(-x * x));
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
