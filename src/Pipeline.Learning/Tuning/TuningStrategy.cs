namespace Pipeline.Learning.Tuning;

/// <summary>Whether the tuning objective is better when larger or smaller.</summary>
public enum ObjectiveType
{
    Maximize,
    Minimize,
}

/// <summary>A trial to run: the tuned hyperparameter values, and for Hyperband the resource (boosting rounds) to give it.</summary>
public sealed record TrialSuggestion(IReadOnlyDictionary<string, string> HyperParameters, int? Resource = null);

/// <summary>A finished trial and its objective metric value; null when the training job failed or reported no value.</summary>
public sealed record TrialResult(TrialSuggestion Suggestion, double? ObjectiveValue);

/// <summary>
/// Chooses hyperparameters for the next training job from the results so far. Strategies are not thread-safe;
/// the tuning job service calls them from one place.
/// </summary>
public interface ITuningStrategy
{
    /// <summary>
    /// Returns the next trial, or null when none can start now: when <paramref name="runningCount"/> &gt; 0 the
    /// strategy waits for results (Hyperband rungs), otherwise it has nothing left to try (Grid exhausted).
    /// For a warm-started Bayesian search, <paramref name="completed"/> also holds the parent tuning jobs' trials.
    /// </summary>
    TrialSuggestion? Suggest(IReadOnlyList<TrialResult> completed, int runningCount);
}

/// <summary>Settings that every strategy shares.</summary>
/// <param name="Space">The ranges to search.</param>
/// <param name="Objective">Whether to maximize or minimize the objective metric.</param>
/// <param name="MaxTrials">The budget: MaxNumberOfTrainingJobs.</param>
/// <param name="Seed">RandomSeed of the tuning job; the same seed gives the same suggestions for the same results.</param>
/// <param name="MinResource">Hyperband: the fewest rounds a trial gets.</param>
/// <param name="MaxResource">Hyperband: the most rounds a trial gets.</param>
public sealed record TuningSettings(SearchSpace Space, ObjectiveType Objective, int MaxTrials, int Seed = 0, int MinResource = 1, int MaxResource = 100);

/// <summary>Creates the strategies SageMaker names: Bayesian, Random, Grid and Hyperband.</summary>
public static class TuningStrategies
{
    public static ITuningStrategy Create(string strategy, TuningSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return strategy switch
        {
            "Bayesian" => new BayesianSearch(settings),
            "Random" => new RandomSearch(settings),
            "Grid" => new GridSearch(settings),
            "Hyperband" => new HyperbandSearch(settings),
            _ => throw new ArgumentException($"Strategy '{strategy}' is not one of Bayesian, Random, Grid, Hyperband.", nameof(strategy)),
        };
    }
}
