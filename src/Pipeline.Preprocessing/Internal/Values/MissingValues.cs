namespace Pipeline.Preprocessing.Internal.Values;

/// <summary>The set of cell texts read as missing (<see cref="InputSpec.MissingValues"/>), looked up without allocating.</summary>
internal sealed class MissingValues
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly bool _emptyIsMissing;

    public MissingValues(IEnumerable<string> values)
    {
        var set = new HashSet<string>(values, StringComparer.Ordinal);
        _emptyIsMissing = set.Contains(string.Empty);
        _lookup = set.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool IsMissing(ReadOnlySpan<char> value) => value.IsEmpty ? _emptyIsMissing : _lookup.Contains(value);
}
