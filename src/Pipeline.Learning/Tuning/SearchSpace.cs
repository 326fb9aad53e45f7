namespace Pipeline.Learning.Tuning;

/// <summary>The hyperparameter ranges of a tuning job, laid out as one unit cube.</summary>
public sealed class SearchSpace
{
    public SearchSpace(IReadOnlyList<ParameterRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        if (ranges.Count == 0)
        {
            throw new ArgumentException("A search space needs at least one parameter range.", nameof(ranges));
        }

        Ranges = ranges;
        Dimensions = ranges.Sum(range => range.Dimensions);
    }

    public IReadOnlyList<ParameterRange> Ranges { get; }

    /// <summary>Total number of unit-cube coordinates.</summary>
    public int Dimensions { get; }

    /// <summary>Turns a point of the unit cube into hyperparameter values.</summary>
    public IReadOnlyDictionary<string, string> Decode(ReadOnlySpan<double> point)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var offset = 0;
        foreach (var range in Ranges)
        {
            values[range.Name] = range.Decode(point.Slice(offset, range.Dimensions));
            offset += range.Dimensions;
        }

        return values;
    }

    /// <summary>Turns hyperparameter values into a point of the unit cube.</summary>
    public double[] Encode(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var point = new double[Dimensions];
        var offset = 0;
        foreach (var range in Ranges)
        {
            range.Encode(values[range.Name], point.AsSpan(offset, range.Dimensions));
            offset += range.Dimensions;
        }

        return point;
    }

    /// <summary>Draws a uniform point and decodes it, which also snaps integers and categories.</summary>
    public double[] RandomPoint(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var point = new double[Dimensions];
        for (var i = 0; i < point.Length; i++)
        {
            point[i] = random.NextDouble();
        }

        return Encode(Decode(point));
    }
}
