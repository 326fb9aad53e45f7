using System.Runtime.CompilerServices;

namespace Pipeline.Preprocessing.Internal.Values;

/// <summary>
/// A map from texts of at most three ASCII characters (codes, flags, small numbers: most cells of low-cardinality
/// columns) to values, looked up by array indexing instead of hashing and comparing strings. Longer or non-ASCII
/// texts are not stored; callers keep them in a dictionary.
/// </summary>
internal sealed class ShortTextMap<T>
    where T : class
{
    // One slot for the empty text, 128 for one character, 128 * 128 for two.
    private const int ShortSlots = 1 + 128 + (128 * 128);

    private readonly T?[] _short = new T?[ShortSlots];

    // Three characters: blocks of 128 by the first two characters, made when first needed.
    private T?[]?[]? _triples;

    /// <summary>Whether <paramref name="text"/> can be stored: at most three characters, all ASCII.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Fits(ReadOnlySpan<char> text) => text.Length switch
    {
        0 => true,
        1 => text[0] < 128,
        2 => (text[0] | text[1]) < 128,
        3 => (text[0] | text[1] | text[2]) < 128,
        _ => false,
    };

    /// <summary>The value stored for <paramref name="text"/>, which must <see cref="Fits"/>; null when there is none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T? Get(ReadOnlySpan<char> text) => text.Length switch
    {
        0 => _short[0],
        1 => _short[1 + text[0]],
        2 => _short[129 + (text[0] * 128) + text[1]],
        _ => _triples?[(text[0] * 128) + text[1]]?[text[2]],
    };

    /// <summary>Stores <paramref name="value"/> for <paramref name="text"/>, which must <see cref="Fits"/>.</summary>
    public void Set(ReadOnlySpan<char> text, T value)
    {
        switch (text.Length)
        {
            case 0:
                _short[0] = value;
                break;
            case 1:
                _short[1 + text[0]] = value;
                break;
            case 2:
                _short[129 + (text[0] * 128) + text[1]] = value;
                break;
            default:
                _triples ??= new T?[]?[128 * 128];
                (_triples[(text[0] * 128) + text[1]] ??= new T?[128])[text[2]] = value;
                break;
        }
    }
}
