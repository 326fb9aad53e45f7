using System.Runtime.CompilerServices;

namespace Pipeline.Preprocessing.Internal.Profiling;

/// <summary>Count, minimum, maximum, mean and standard deviation in one pass (Welford's algorithm).</summary>
internal sealed class RunningStatistics
{
    /// <summary>The running values; a loop over many cells copies them into a local and stores them back after.</summary>
    public WelfordState State = WelfordState.Empty;

    public long Count => State.Count;

    public double Min => State.Min;

    public double Max => State.Max;

    public double Mean => State.Mean;

    /// <summary>The sample standard deviation (n - 1 in the denominator), as pandas reports it.</summary>
    public double StandardDeviation => State.Count > 1 ? Math.Sqrt(State.M2 / (State.Count - 1)) : 0;

    public void Add(double value) => State.Add(value);
}

/// <summary>The state of <see cref="RunningStatistics"/>, as a value so that a loop can keep it in registers.</summary>
internal struct WelfordState
{
    public static readonly WelfordState Empty = new() { Min = double.PositiveInfinity, Max = double.NegativeInfinity };

    public long Count;
    public double Mean;
    public double M2;
    public double Min;
    public double Max;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double value)
    {
        Count++;
        var delta = value - Mean;
        Mean += delta / Count;
        M2 += delta * (value - Mean);
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
