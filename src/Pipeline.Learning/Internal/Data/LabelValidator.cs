using System.Globalization;

namespace Pipeline.Learning.Internal.Data;

/// <summary>Checks labels against the objective before training, so errors name the file and line.</summary>
internal static class LabelValidator
{
    public static void Check(DataSet data, string objective, int? numClass)
    {
        var labels = data.Labels!;
        for (var row = 0; row < labels.Length; row++)
        {
            var label = labels[row];
            var problem = Problem(label, objective, numClass);
            if (problem is not null)
            {
                throw new AlgorithmException(
                    $"Channel '{data.Channel}', {data.DescribeRow(row)}: label {label.ToString(CultureInfo.InvariantCulture)} is invalid for objective '{objective}': {problem}");
            }
        }
    }

    private static string? Problem(float label, string objective, int? numClass)
    {
        if (!float.IsFinite(label))
        {
            return "labels must be finite numbers.";
        }

        switch (objective)
        {
            case "multi:softmax" or "multi:softprob":
                return label < 0 || label >= numClass || label != MathF.Floor(label)
                    ? $"label must be an integer in [0, num_class) = [0, {numClass}). Encode classes as 0 to {numClass - 1}, or raise num_class."
                    : null;
            case "binary:logistic" or "binary:logitraw" or "reg:logistic":
                return label is < 0 or > 1 ? "label must be in [0,1] for logistic regression. Encode the classes as 0 and 1." : null;
            case "binary:hinge":
                return label is not (0 or 1) ? "label must be 0 or 1 for binary:hinge." : null;
            case "count:poisson" or "reg:tweedie":
                return label < 0 ? "label must be nonnegative." : null;
            case "reg:gamma":
                return label <= 0 ? "label must be positive for gamma regression." : null;
            case "reg:squaredlogerror":
                return label <= -1 ? "label must be greater than -1 for reg:squaredlogerror." : null;
            default:
                return null;
        }
    }
}
