using System.Runtime.CompilerServices;

namespace Pipeline.Preprocessing.Internal.Values;

/// <summary>The set of cell texts read as missing (<see cref="InputSpec.MissingValues"/>), looked up without allocating.</summary>
internal sealed class MissingValues
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly bool _emptyIsMissing;

    // Last characters of the markers: a cell whose last character ends no marker (every number, under the default
    // markers) is rejected without hashing it.
    private readonly bool[] _asciiLastCharacters = new bool[128];
    private readonly bool _nonAsciiLastCharacter;

    // Likewise first characters: a cell must pass both tables before it is hashed.
    private readonly bool[] _asciiFirstCharacters = new bool[128];
    private readonly bool _nonAsciiFirstCharacter;

    public MissingValues(IEnumerable<string> values)
    {
        var set = new HashSet<string>(values, StringComparer.Ordinal);
        _emptyIsMissing = set.Contains(string.Empty);
        _lookup = set.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var marker in set.Where(marker => marker.Length > 0))
        {
            if (marker[^1] < 128)
            {
                _asciiLastCharacters[marker[^1]] = true;
            }
            else
            {
                _nonAsciiLastCharacter = true;
            }

            if (marker[0] < 128)
            {
                _asciiFirstCharacters[marker[0]] = true;
            }
            else
            {
                _nonAsciiFirstCharacter = true;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsMissing(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return _emptyIsMissing;
        }

        var last = value[^1];
        var first = value[0];
        var possible = (last < 128 ? _asciiLastCharacters[last] : _nonAsciiLastCharacter)
            && (first < 128 ? _asciiFirstCharacters[first] : _nonAsciiFirstCharacter);
        return possible && _lookup.Contains(value);
    }
}
