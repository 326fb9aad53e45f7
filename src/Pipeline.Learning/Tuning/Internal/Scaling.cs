namespace Pipeline.Learning.Tuning;

/// <summary>Maps between a numeric range and [0, 1] for each <see cref="ScalingType"/>.</summary>
internal static class Scaling
{
    /// <summary>
    /// Resolves Auto: logarithmic for a positive range spanning at least two orders of magnitude, else linear.
    /// NOTE: SageMaker does not document how it resolves Auto; this rule is the local runtime's own.
    /// </summary>
    public static ScalingType Resolve(ScalingType scaling, double min, double max)
    {
        if (scaling != ScalingType.Auto)
        {
            return scaling;
        }

        return min > 0 && max / min >= 100 ? ScalingType.Logarithmic : ScalingType.Linear;
    }

    public static double FromUnit(double unit, double min, double max, ScalingType scaling)
    {
        unit = Math.Clamp(unit, 0, 1);
        return scaling switch
        {
            ScalingType.Logarithmic => Math.Exp(Math.Log(min) + (unit * (Math.Log(max) - Math.Log(min)))),
            ScalingType.ReverseLogarithmic => 1 - Math.Exp(Math.Log(1 - min) + (unit * (Math.Log(1 - max) - Math.Log(1 - min)))),
            _ => min + (unit * (max - min)),
        };
    }

    public static double ToUnit(double value, double min, double max, ScalingType scaling)
    {
        var unit = scaling switch
        {
            ScalingType.Logarithmic => (Math.Log(value) - Math.Log(min)) / (Math.Log(max) - Math.Log(min)),
            ScalingType.ReverseLogarithmic => (Math.Log(1 - value) - Math.Log(1 - min)) / (Math.Log(1 - max) - Math.Log(1 - min)),
            _ => (value - min) / (max - min),
        };
        return double.IsFinite(unit) ? Math.Clamp(unit, 0, 1) : 0;
    }
}
