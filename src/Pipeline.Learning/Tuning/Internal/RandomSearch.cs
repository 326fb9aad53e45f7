namespace Pipeline.Learning.Tuning;

/// <summary>Draws every trial uniformly from the unit cube (after scaling), independent of results.</summary>
internal sealed class RandomSearch(TuningSettings settings) : ITuningStrategy
{
    private readonly Random _random = new(settings.Seed);
    private int _issued;

    public TrialSuggestion? Suggest(IReadOnlyList<TrialResult> completed, int runningCount)
    {
        if (_issued >= settings.MaxTrials)
        {
            return null;
        }

        _issued++;
        return new TrialSuggestion(settings.Space.Decode(settings.Space.RandomPoint(_random)));
    }
}
