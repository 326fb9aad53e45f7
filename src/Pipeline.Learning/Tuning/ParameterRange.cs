namespace Pipeline.Learning.Tuning;

/// <summary>How a tuning strategy spreads values over a numeric range (SageMaker's ScalingType).</summary>
public enum ScalingType
{
    /// <summary>Logarithmic when the range is positive and spans at least two orders of magnitude, else linear.</summary>
    Auto,

    Linear,

    /// <summary>Even in log(value); needs a range above 0.</summary>
    Logarithmic,

    /// <summary>Even in log(1 - value), for values just below 1 such as momentum; needs 0 &lt;= min &lt; max &lt; 1.</summary>
    ReverseLogarithmic,
}

/// <summary>A hyperparameter a tuning job searches over.</summary>
public abstract record ParameterRange(string Name)
{
    /// <summary>Number of unit-cube coordinates the range takes: 1, or one per category.</summary>
    public abstract int Dimensions { get; }

    /// <summary>Maps unit-cube coordinates to the hyperparameter's string value.</summary>
    public abstract string Decode(ReadOnlySpan<double> unit);

    /// <summary>Maps a value back to unit-cube coordinates.</summary>
    public abstract void Encode(string value, Span<double> unit);
}

/// <summary>A real-valued range, like SageMaker's ContinuousParameterRange.</summary>
public sealed record ContinuousParameterRange(string Name, double MinValue, double MaxValue, ScalingType ScalingType = ScalingType.Auto)
    : ParameterRange(Name)
{
    public override int Dimensions => 1;

    public override string Decode(ReadOnlySpan<double> unit) =>
        Scaling.FromUnit(unit[0], MinValue, MaxValue, Scaling.Resolve(ScalingType, MinValue, MaxValue)).ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    public override void Encode(string value, Span<double> unit) =>
        unit[0] = Scaling.ToUnit(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture), MinValue, MaxValue, Scaling.Resolve(ScalingType, MinValue, MaxValue));
}

/// <summary>An integer range, like SageMaker's IntegerParameterRange.</summary>
public sealed record IntegerParameterRange(string Name, long MinValue, long MaxValue, ScalingType ScalingType = ScalingType.Auto)
    : ParameterRange(Name)
{
    public override int Dimensions => 1;

    public override string Decode(ReadOnlySpan<double> unit)
    {
        // Stretching by half a step on each side gives the end values the same share of the cube as the others.
        var scaling = Scaling.Resolve(ScalingType, MinValue, MaxValue);
        var value = Scaling.FromUnit(unit[0], MinValue - 0.4999, MaxValue + 0.4999, scaling == ScalingType.Logarithmic && MinValue - 0.4999 <= 0 ? ScalingType.Linear : scaling);
        return Math.Clamp((long)Math.Round(value), MinValue, MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public override void Encode(string value, Span<double> unit)
    {
        var scaling = Scaling.Resolve(ScalingType, MinValue, MaxValue);
        unit[0] = Scaling.ToUnit(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture), MinValue - 0.4999, MaxValue + 0.4999,
            scaling == ScalingType.Logarithmic && MinValue - 0.4999 <= 0 ? ScalingType.Linear : scaling);
    }
}

/// <summary>A list of values, like SageMaker's CategoricalParameterRange; encoded one-hot.</summary>
public sealed record CategoricalParameterRange(string Name, IReadOnlyList<string> Values) : ParameterRange(Name)
{
    public override int Dimensions => Values.Count;

    public override string Decode(ReadOnlySpan<double> unit)
    {
        var best = 0;
        for (var i = 1; i < unit.Length; i++)
        {
            if (unit[i] > unit[best])
            {
                best = i;
            }
        }

        return Values[best];
    }

    public override void Encode(string value, Span<double> unit)
    {
        unit.Clear();
        var index = Values.ToList().IndexOf(value);
        if (index >= 0)
        {
            unit[index] = 1;
        }
    }
}
