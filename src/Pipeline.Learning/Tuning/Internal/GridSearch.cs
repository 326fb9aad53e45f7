namespace Pipeline.Learning.Tuning;

/// <summary>
/// Tries every combination of categorical values once, in order (the last range varies fastest). SageMaker's grid
/// search takes categorical ranges only; the service rejects other ranges before this runs.
/// </summary>
internal sealed class GridSearch(TuningSettings settings) : ITuningStrategy
{
    private readonly List<CategoricalParameterRange> _ranges = settings.Space.Ranges.Cast<CategoricalParameterRange>().ToList();
    private int _next;

    /// <summary>Number of combinations in the grid.</summary>
    public int Size => _ranges.Aggregate(1, (product, range) => product * range.Values.Count);

    public TrialSuggestion? Suggest(IReadOnlyList<TrialResult> completed, int runningCount)
    {
        if (_next >= Size)
        {
            return null;
        }

        var index = _next++;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = _ranges.Count - 1; i >= 0; i--)
        {
            var range = _ranges[i];
            values[range.Name] = range.Values[index % range.Values.Count];
            index /= range.Values.Count;
        }

        return new TrialSuggestion(values);
    }
}
