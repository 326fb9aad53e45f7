using System.Globalization;
using Pipeline.Learning.Tuning;

namespace Pipeline.Learning.Tests.Tuning;

public sealed class TuningStrategyTests
{
    private static readonly SearchSpace Branin = new([
        new ContinuousParameterRange("x1", -5, 10, ScalingType.Linear),
        new ContinuousParameterRange("x2", 0, 15, ScalingType.Linear),
    ]);

    [Fact]
    public void Bayesian_BraninWithSameBudget_FindsLowerMinimumThanRandom()
    {
        const int budget = 30;
        var bayesian = new List<double>();
        var random = new List<double>();
        for (var seed = 1; seed <= 5; seed++)
        {
            bayesian.Add(Minimize("Bayesian", budget, seed));
            random.Add(Minimize("Random", budget, seed));
        }

        // Branin's global minimum is 0.397887.
        Assert.True(bayesian.Average() < random.Average(), $"Bayesian {bayesian.Average()} vs Random {random.Average()}");
        Assert.True(bayesian.Average() < 0.6, $"Bayesian mean best {bayesian.Average()}");
        Assert.True(bayesian.Count(value => value < 0.6) >= 4, string.Join(", ", bayesian));
    }

    [Fact]
    public void Bayesian_SameSeed_GivesSameSuggestions()
    {
        Assert.Equal(Minimize("Bayesian", 12, 7), Minimize("Bayesian", 12, 7));
    }

    [Fact]
    public void Bayesian_WarmStartResults_FirstSuggestionUsesModel()
    {
        var settings = new TuningSettings(Branin, ObjectiveType.Minimize, 10, Seed: 3);
        var parents = new[] { (-3.0, 12.0), (3.0, 2.0), (9.0, 3.0), (0.0, 8.0), (3.2, 2.5) }
            .Select(point => new TrialResult(
                new TrialSuggestion(new Dictionary<string, string>
                {
                    ["x1"] = point.Item1.ToString(CultureInfo.InvariantCulture),
                    ["x2"] = point.Item2.ToString(CultureInfo.InvariantCulture),
                }),
                BraninValue(point.Item1, point.Item2)))
            .ToList();

        var cold = TuningStrategies.Create("Bayesian", settings).Suggest([], 0)!;
        var warm = TuningStrategies.Create("Bayesian", settings).Suggest(parents, 0)!;

        // With five parent trials (more than the three random initial trials), the first suggestion maximizes
        // expected improvement instead of being the seed's first random point.
        Assert.NotEqual(cold.HyperParameters, warm.HyperParameters);
    }

    [Fact]
    public void Random_StopsAtBudget()
    {
        var strategy = TuningStrategies.Create("Random", new TuningSettings(Branin, ObjectiveType.Minimize, 4));
        var suggestions = Enumerable.Range(0, 6).Select(_ => strategy.Suggest([], 0)).ToList();

        Assert.Equal(4, suggestions.Count(item => item is not null));
        Assert.Null(suggestions[4]);
    }

    [Fact]
    public void Grid_CategoricalRanges_EnumeratesEveryCombinationOnce()
    {
        var space = new SearchSpace([new CategoricalParameterRange("booster", ["gbtree", "dart"]), new CategoricalParameterRange("max_depth", ["3", "5", "7"])]);
        var strategy = TuningStrategies.Create("Grid", new TuningSettings(space, ObjectiveType.Maximize, 100));

        var combinations = new List<string>();
        while (strategy.Suggest([], 0) is { } suggestion)
        {
            combinations.Add($"{suggestion.HyperParameters["booster"]}/{suggestion.HyperParameters["max_depth"]}");
        }

        Assert.Equal(["gbtree/3", "gbtree/5", "gbtree/7", "dart/3", "dart/5", "dart/7"], combinations);
    }

    [Fact]
    public void Hyperband_PromotesBestThirdWithThreeTimesTheRounds()
    {
        var space = new SearchSpace([new ContinuousParameterRange("eta", 0, 1, ScalingType.Linear)]);
        var strategy = TuningStrategies.Create("Hyperband", new TuningSettings(space, ObjectiveType.Maximize, 13, Seed: 3, MinResource: 1, MaxResource: 9));
        var results = new List<TrialResult>();

        var firstRung = Drain(strategy, results);
        Assert.Equal(9, firstRung.Count);
        Assert.All(firstRung, trial => Assert.Equal(1, trial.Resource));
        Assert.Null(strategy.Suggest(results, runningCount: firstRung.Count));

        results.AddRange(firstRung.Select(trial => new TrialResult(trial, double.Parse(trial.HyperParameters["eta"], CultureInfo.InvariantCulture))));
        var secondRung = Drain(strategy, results);

        Assert.Equal(3, secondRung.Count);
        Assert.All(secondRung, trial => Assert.Equal(3, trial.Resource));
        var bestThree = firstRung.Select(trial => trial.HyperParameters["eta"]).OrderByDescending(value => double.Parse(value, CultureInfo.InvariantCulture)).Take(3);
        Assert.Equal(bestThree.Order(), secondRung.Select(trial => trial.HyperParameters["eta"]).Order());
        results.AddRange(secondRung.Select(trial => new TrialResult(trial, double.Parse(trial.HyperParameters["eta"], CultureInfo.InvariantCulture))));
        var thirdRung = Drain(strategy, results);
        Assert.Equal(9, Assert.Single(thirdRung).Resource);
        Assert.Null(strategy.Suggest(results, 0));
    }

    [Theory]
    [InlineData(ScalingType.Linear, 0.5, 5.05)]
    [InlineData(ScalingType.Logarithmic, 0.5, 1.0)]
    [InlineData(ScalingType.Auto, 0.5, 1.0)]
    public void Continuous_Scaling_MapsMidpoint(ScalingType scaling, double unit, double expected)
    {
        var range = new ContinuousParameterRange("alpha", 0.1, 10, scaling);

        var value = double.Parse(range.Decode([unit]), CultureInfo.InvariantCulture);

        Assert.Equal(expected, value, 6);
    }

    [Fact]
    public void Continuous_ReverseLogarithmic_ConcentratesNearOne()
    {
        var range = new ContinuousParameterRange("momentum", 0.9, 0.999, ScalingType.ReverseLogarithmic);

        var mid = double.Parse(range.Decode([0.5]), CultureInfo.InvariantCulture);
        var unit = new double[1];
        range.Encode("0.99", unit);

        Assert.Equal(1 - Math.Sqrt(0.1 * 0.001), mid, 9);
        Assert.Equal(0.5, unit[0], 6);
    }

    [Fact]
    public void Integer_Range_CoversEveryValueEvenly()
    {
        var range = new IntegerParameterRange("max_depth", 1, 4, ScalingType.Linear);
        var counts = new int[5];
        for (var i = 0; i < 1000; i++)
        {
            counts[int.Parse(range.Decode([(i + 0.5) / 1000]), CultureInfo.InvariantCulture)]++;
        }

        Assert.Equal(0, counts[0]);
        Assert.All(counts.Skip(1), count => Assert.InRange(count, 240, 260));
    }

    private static List<TrialSuggestion> Drain(ITuningStrategy strategy, List<TrialResult> results)
    {
        var issued = new List<TrialSuggestion>();
        while (strategy.Suggest(results, issued.Count) is { } suggestion)
        {
            issued.Add(suggestion);
        }

        return issued;
    }

    private static double Minimize(string strategyName, int budget, int seed)
    {
        var strategy = TuningStrategies.Create(strategyName, new TuningSettings(Branin, ObjectiveType.Minimize, budget, seed));
        var results = new List<TrialResult>();
        while (strategy.Suggest(results, 0) is { } suggestion)
        {
            var x1 = double.Parse(suggestion.HyperParameters["x1"], CultureInfo.InvariantCulture);
            var x2 = double.Parse(suggestion.HyperParameters["x2"], CultureInfo.InvariantCulture);
            results.Add(new TrialResult(suggestion, BraninValue(x1, x2)));
        }

        Assert.Equal(budget, results.Count);
        return results.Min(result => result.ObjectiveValue!.Value);
    }

    private static double BraninValue(double x1, double x2)
    {
        const double b = 5.1 / (4 * Math.PI * Math.PI);
        const double c = 5 / Math.PI;
        const double t = 1 / (8 * Math.PI);
        var term = x2 - (b * x1 * x1) + (c * x1) - 6;
        return (term * term) + (10 * (1 - t) * Math.Cos(x1)) + 10;
    }
}
