using System.Globalization;

namespace Pipeline.Learning.Internal.XGBoost;

/// <summary>Parses libxgboost's evaluation line into SageMaker metric names.</summary>
internal static class EvaluationLine
{
    /// <summary>
    /// Turns "[0]\ttrain-auc:0.9\tvalidation-auc:0.8" into train:auc = 0.9 and validation:auc = 0.8.
    /// Data set names never contain '-', metric names may ("aft-nloglik", "ndcg@3-"), so the split is at the
    /// first '-' and the last ':'.
    /// </summary>
    public static IReadOnlyList<MetricValue> Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var metrics = new List<MetricValue>();
        foreach (var token in line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (token.StartsWith('['))
            {
                continue;
            }

            var dash = token.IndexOf('-', StringComparison.Ordinal);
            var colon = token.LastIndexOf(':');
            if (dash <= 0 || colon <= dash)
            {
                continue;
            }

            var valueText = token[(colon + 1)..];
            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                value = valueText.Contains("nan", StringComparison.OrdinalIgnoreCase) ? double.NaN : double.PositiveInfinity;
            }

            metrics.Add(new MetricValue($"{token[..dash]}:{token[(dash + 1)..colon]}", value));
        }

        return metrics;
    }
}
