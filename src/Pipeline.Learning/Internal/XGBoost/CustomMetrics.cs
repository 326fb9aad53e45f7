namespace Pipeline.Learning.Internal.XGBoost;

/// <summary>
/// The metrics the SageMaker XGBoost container adds to libxgboost's (accuracy, f1, precision, recall, r2, ...), computed
/// the same way: classification metrics compare labels with classes taken from margins (log-odds above 0, or the
/// highest class score), as scikit-learn scores them; mse and r2 use the margins as predictions.
/// </summary>
internal static class CustomMetrics
{
    /// <summary>Computes <paramref name="metric"/> from margins of shape rows x width and the labels.</summary>
    public static double Compute(string metric, float[] margins, int width, float[] labels)
    {
        return metric switch
        {
            "mse" => labels.Select((label, i) => Math.Pow(margins[i] - label, 2)).Average(),
            "r2" => RSquared(margins, labels),
            _ => Classification(metric, Classes(margins, width, labels.Length), labels.Select(label => (int)label).ToArray()),
        };
    }

    private static int[] Classes(float[] margins, int width, int rows)
    {
        var classes = new int[rows];
        for (var row = 0; row < rows; row++)
        {
            if (width == 1)
            {
                classes[row] = margins[row] > 0 ? 1 : 0;
                continue;
            }

            var best = 0;
            for (var column = 1; column < width; column++)
            {
                if (margins[(row * width) + column] > margins[(row * width) + best])
                {
                    best = column;
                }
            }

            classes[row] = best;
        }

        return classes;
    }

    private static double Classification(string metric, int[] predicted, int[] actual)
    {
        var labels = actual.Concat(predicted).Distinct().Order().ToArray();
        var perClass = labels.Select(label =>
        {
            var truePositive = predicted.Where((value, i) => value == label && actual[i] == label).Count();
            var predictedCount = predicted.Count(value => value == label);
            var actualCount = actual.Count(value => value == label);
            return (Label: label, TruePositive: truePositive, Predicted: predictedCount, Actual: actualCount);
        }).ToList();

        double Precision((int Label, int TruePositive, int Predicted, int Actual) c) => c.Predicted == 0 ? 0 : c.TruePositive / (double)c.Predicted;
        double Recall((int Label, int TruePositive, int Predicted, int Actual) c) => c.Actual == 0 ? 0 : c.TruePositive / (double)c.Actual;
        double F1((int Label, int TruePositive, int Predicted, int Actual) c) =>
            c.Predicted + c.Actual == 0 ? 0 : 2.0 * c.TruePositive / (c.Predicted + c.Actual);
        var micro = predicted.Where((value, i) => value == actual[i]).Count() / (double)actual.Length;
        var actualClasses = perClass.Where(c => c.Actual > 0).ToList();

        return metric switch
        {
            "accuracy" or "precision_micro" or "recall_micro" => micro,
            "balanced_accuracy" => actualClasses.Average(Recall),
            "f1" or "f1_macro" => perClass.Average(F1),
            "precision_macro" => perClass.Average(Precision),
            "recall_macro" => perClass.Average(Recall),
            "f1_binary" => F1(Positive(perClass)),
            "precision" => Precision(Positive(perClass)),
            "recall" => Recall(Positive(perClass)),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not a custom metric."),
        };
    }

    /// <summary>Returns the counts of class 1, as scikit-learn's average='binary' does; more classes are an error there too.</summary>
    private static (int Label, int TruePositive, int Predicted, int Actual) Positive(List<(int Label, int TruePositive, int Predicted, int Actual)> perClass)
    {
        if (perClass.Any(c => c.Label is not (0 or 1)))
        {
            throw new AlgorithmException(
                "Target is multiclass but average='binary'. The metrics f1_binary, precision and recall are for binary classification; use f1, precision_macro or recall_macro for multiclass.");
        }

        return perClass.FirstOrDefault(c => c.Label == 1);
    }

    private static double RSquared(float[] predictions, float[] labels)
    {
        var mean = labels.Average(label => (double)label);
        var residual = labels.Select((label, i) => Math.Pow(label - predictions[i], 2)).Sum();
        var total = labels.Sum(label => Math.Pow(label - mean, 2));
        return total == 0 ? (residual == 0 ? 1 : 0) : 1 - (residual / total);
    }
}
