using System.Runtime.CompilerServices;

namespace Pipeline.Preprocessing.Internal.Profiling;

/// <summary>Count, minimum, maximum, mean and standard deviation in one pass (Welford's algorithm).</summary>
internal sealed class RunningStatistics
{
    private double _mean;
    private double _m2;

    public long Count { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    public double Mean => _mean;

    /// <summary>The sample standard deviation (n - 1 in the denominator), as pandas reports it.</summary>
    public double StandardDeviation => Count > 1 ? Math.Sqrt(_m2 / (Count - 1)) : 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double value)
    {
        Count++;
        var delta = value - _mean;
        _mean += delta / Count;
        _m2 += delta * (value - _mean);
        // Math.Min and Math.Max, without their NaN handling: parsed values are never NaN. Between 0 and -0, the
        // minimum is -0 and the maximum 0, as those methods have it.
        if (value < Min || (value == 0 && Min == 0 && double.IsNegative(value)))
        {
            Min = value;
        }

        if (value > Max || (value == 0 && Max == 0 && !double.IsNegative(value)))
        {
            Max = value;
        }
    }
}
