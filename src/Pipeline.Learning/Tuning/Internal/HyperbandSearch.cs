namespace Pipeline.Learning.Tuning;

/// <summary>
/// Hyperband (Li et al., 2018) with reduction factor 3: brackets of successive halving, each starting many random
/// configurations on few rounds and giving the best third of each rung three times the rounds. The resource is the
/// number of boosting rounds, between MinResource and MaxResource; brackets repeat until MaxTrials trials are issued.
/// </summary>
internal sealed class HyperbandSearch : ITuningStrategy
{
    private const int Eta = 3;

    private readonly TuningSettings _settings;
    private readonly Random _random;
    private readonly int _maxBracket;
    private int _issued;
    private int _bracket;
    private int _rung;
    private List<TrialSuggestion> _rungTrials = [];
    private int _rungIssued;

    public HyperbandSearch(TuningSettings settings)
    {
        _settings = settings;
        _random = new Random(settings.Seed);
        var ratio = Math.Max(1.0, settings.MaxResource / (double)Math.Max(1, settings.MinResource));
        _maxBracket = (int)Math.Floor(Math.Log(ratio) / Math.Log(Eta) + 1e-9);
        _bracket = _maxBracket;
        StartRung(previous: null);
    }

    public TrialSuggestion? Suggest(IReadOnlyList<TrialResult> completed, int runningCount)
    {
        if (_issued >= _settings.MaxTrials)
        {
            return null;
        }

        if (_rungIssued >= _rungTrials.Count)
        {
            // The next rung ranks this rung's results, so it waits until all of them are in.
            var rungResults = completed.Where(result => _rungTrials.Contains(result.Suggestion)).ToList();
            if (rungResults.Count < _rungTrials.Count)
            {
                return null;
            }

            Advance(rungResults);
        }

        _issued++;
        return _rungTrials[_rungIssued++];
    }

    private int ConfigurationsInBracket(int bracket) =>
        (int)Math.Ceiling((_maxBracket + 1) / (double)(bracket + 1) * Math.Pow(Eta, bracket));

    private int RoundsAt(int bracket, int rung)
    {
        var units = Math.Pow(Eta, rung - bracket) * (_settings.MaxResource / (double)Math.Max(1, _settings.MinResource));
        return Math.Clamp((int)Math.Round(_settings.MinResource * units), _settings.MinResource, _settings.MaxResource);
    }

    private void Advance(List<TrialResult> rungResults)
    {
        if (_rung < _bracket)
        {
            _rung++;
            StartRung(rungResults);
            return;
        }

        _bracket = _bracket == 0 ? _maxBracket : _bracket - 1;
        _rung = 0;
        StartRung(previous: null);
    }

    private void StartRung(List<TrialResult>? previous)
    {
        var count = Math.Max(1, (int)Math.Floor(ConfigurationsInBracket(_bracket) * Math.Pow(Eta, -_rung)));
        var rounds = RoundsAt(_bracket, _rung);
        IEnumerable<IReadOnlyDictionary<string, string>> configurations;
        if (previous is null)
        {
            configurations = Enumerable.Range(0, count).Select(_ => _settings.Space.Decode(_settings.Space.RandomPoint(_random))).ToList();
        }
        else
        {
            var sign = _settings.Objective == ObjectiveType.Maximize ? -1.0 : 1.0;
            configurations = previous
                .OrderBy(result => result.ObjectiveValue is { } value && double.IsFinite(value) ? sign * value : double.PositiveInfinity)
                .Take(count)
                .Select(result => result.Suggestion.HyperParameters)
                .ToList();
        }

        _rungTrials = configurations.Select(values => new TrialSuggestion(values, rounds)).ToList();
        _rungIssued = 0;
    }
}
