using System.Runtime.CompilerServices;
using Pipeline.Preprocessing.Internal.Profiling;
using Pipeline.Preprocessing.Internal.Values;

namespace Pipeline.Preprocessing.Internal.Encoders;

/// <summary>Writes the number in plain form: unchanged text unless separators had to be rewritten.</summary>
internal sealed class NumberEncoder(ColumnManifest column, NumberText numbers, MissingValues missing) : ColumnEncoder(column, missing)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void EncodeValue(ReadOnlySpan<char> value, IFeatureSink sink, CellLocation location)
    {
        Span<char> scratch = stackalloc char[128];
        if (!numbers.TryNormalize(value, scratch, out var normalized))
        {
            throw InvalidValue(value, "a number", location);
        }

        sink.Number(normalized);
    }

    // The manifest stores the fill value in plain form already (a mean or median is computed, not read), so it is
    // written as it is, not read again with the input's separators.
    protected override void EncodeFill(string fill, IFeatureSink sink, CellLocation location) => sink.Number(fill);

    // A cell read as a number needs no rewriting when the format has no separators to rewrite.
    protected override void EncodeClassified(ReadOnlySpan<char> value, CellKind kind, double number, IFeatureSink sink, CellLocation location)
    {
        if (kind == CellKind.Number && numbers.IsPlain)
        {
            sink.Number(value);
        }
        else
        {
            EncodeValue(value, sink, location);
        }
    }
}

/// <summary>Writes an ISO 8601 date or date-time as Unix seconds.</summary>
internal sealed class DateTimeEncoder(ColumnManifest column, MissingValues missing) : ColumnEncoder(column, missing)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void EncodeValue(ReadOnlySpan<char> value, IFeatureSink sink, CellLocation location)
    {
        if (!DateTimeText.TryParseUnixSeconds(value, out var seconds))
        {
            throw InvalidValue(value, "an ISO 8601 date (yyyy-MM-dd or yyyy-MM-dd HH:mm[:ss])", location);
        }

        WriteSeconds(seconds, sink);
    }

    protected override void EncodeClassified(ReadOnlySpan<char> value, CellKind kind, double number, IFeatureSink sink, CellLocation location)
    {
        if (kind == CellKind.DateTime)
        {
            WriteSeconds(number, sink);
        }
        else
        {
            EncodeValue(value, sink, location);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteSeconds(double seconds, IFeatureSink sink)
    {
        Span<char> text = stackalloc char[32];
        if (NumberText.TryFormat(seconds, text, out var written))
        {
            sink.Number(text[..written]);
        }
        else
        {
            sink.Number(NumberText.Format(seconds));
        }
    }

    // The manifest stores a date column's fill value in Unix seconds already.
    protected override void EncodeFill(string fill, IFeatureSink sink, CellLocation location) => sink.Number(fill);
}

/// <summary>One indicator per category; values outside the list set the <c>__other__</c> indicator, or none without one.</summary>
internal sealed class OneHotEncoder : ColumnEncoder
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _positions;
    private readonly int _other;

    public OneHotEncoder(ColumnManifest column, MissingValues missing)
        : base(column, missing)
    {
        var categories = column.Categories ?? [];
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < categories.Count; i++)
        {
            positions[categories[i]] = i;
        }

        _positions = positions.GetAlternateLookup<ReadOnlySpan<char>>();
        _other = column.OtherIndicator ? categories.Count : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void EncodeValue(ReadOnlySpan<char> value, IFeatureSink sink, CellLocation location) =>
        sink.Indicators(Width, HotIndex(value));

    /// <summary>The indicator a present value sets: its category's, <c>__other__</c>'s, or -1 for none.</summary>
    public int HotIndex(ReadOnlySpan<char> value) => _positions.TryGetValue(value, out var position) ? position : _other;

    protected override void EncodeMissing(IFeatureSink sink) => sink.Indicators(Width, -1);
}

/// <summary>The category's position in the list; values outside the list are written as missing.</summary>
internal sealed class OrdinalEncoder : ColumnEncoder
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _codes;

    // Codes of categories of at most three ASCII characters (airport codes, flags, small numbers), found without
    // hashing and comparing strings.
    private readonly ShortTextMap<StrongBox<int>> _shortCodes = new();

    public OrdinalEncoder(ColumnManifest column, MissingValues missing)
        : base(column, missing)
    {
        var categories = column.Categories ?? [];
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < categories.Count; i++)
        {
            codes[categories[i]] = i;
            if (ShortTextMap<StrongBox<int>>.Fits(categories[i]))
            {
                _shortCodes.Set(categories[i], new StrongBox<int>(i));
            }
        }

        _codes = codes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void EncodeValue(ReadOnlySpan<char> value, IFeatureSink sink, CellLocation location)
    {
        var code = CodeOf(value);
        if (code >= 0)
        {
            sink.Code(code);
        }
        else
        {
            sink.Missing();
        }
    }

    /// <summary>The position of a present value in the category list; -1 for a value outside it, written as missing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CodeOf(ReadOnlySpan<char> value)
    {
        if (ShortTextMap<StrongBox<int>>.Fits(value))
        {
            return _shortCodes.Get(value) is { } box ? box.Value : -1;
        }

        return _codes.TryGetValue(value, out var code) ? code : -1;
    }
}
