namespace Pipeline.Preprocessing.Internal.Profiling;

/// <summary>
/// Keeps every value up to <see cref="Capacity"/>, then a uniform random sample of that size (reservoir sampling
/// with a fixed seed, so runs repeat). The median is exact up to that many training values and an estimate beyond.
/// </summary>
internal sealed class Reservoir
{
    public const int Capacity = 100_000;
    private readonly List<double> _values = [];
    private readonly Random _random;
    private long _seen;

    public Reservoir(int seed) => _random = new Random(seed);

    public bool IsExact => _seen <= Capacity;

    public void Add(double value)
    {
        _seen++;
        if (_values.Count < Capacity)
        {
            _values.Add(value);
            return;
        }

        var slot = _random.NextInt64(_seen);
        if (slot < Capacity)
        {
            _values[(int)slot] = value;
        }
    }

    /// <summary>The median, averaging the two middle values for an even count (as numpy does); NaN when empty.</summary>
    public double Median()
    {
        if (_values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _values.ToArray();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
