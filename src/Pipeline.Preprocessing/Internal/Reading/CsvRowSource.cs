using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using nietras.SeparatedValues;
using Pipeline.Preprocessing.Internal.Specification;

namespace Pipeline.Preprocessing.Internal.Reading;

/// <summary>
/// Reads delimited text with Sep (RFC 4180 quoting, CRLF or LF line ends). The header, when present, goes through
/// the same field checks as data rows, and a row with the wrong number of fields fails with its line number.
/// Blank lines are skipped, as pandas does.
/// </summary>
internal sealed class CsvRowSource : IRowSource
{
    private readonly string _path;
    private readonly FileStream _stream;
    private readonly StreamReader _text;
    private readonly SepReader _reader;
    private readonly string[] _names;
    private readonly string _encodingName;
    private bool _pending;

    // The current row's fields, copied once per row: each preceded by U+001F, the layout the row hash reads.
    private char[] _fields = new char[1024];
    private int[] _starts = [];
    private int _fieldsLength;
    private bool _captured;

    // A row without a quote character is split here (see CopyCurrentRow).
    private readonly bool _quotes;
    private readonly bool _trim;
    private readonly char _delimiter;

    public CsvRowSource(string path, InputSpec input)
    {
        _path = path;
        if (!TextEncodings.TryGet(input.Encoding, out var encoding))
        {
            encoding = Encoding.UTF8;
        }

        _encodingName = encoding.WebName;
        _delimiter = input.Delimiter;
        _quotes = input.Quote is not null;
        _trim = input.TrimSpaces;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            _text = new StreamReader(_stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            _reader = Decode(() => Sep.Reader(options => options with
            {
                Sep = new Sep(input.Delimiter),
                HasHeader = false,
                Unescape = input.Quote is not null,
                DisableColCountCheck = true,
                DisableQuotesParsing = input.Quote is null,
                Trim = input.TrimSpaces ? SepTrim.All : SepTrim.None,
            }).From(_text));
            _names = ReadHeader(input.Header ?? true);
            _starts = new int[_names.Length];
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    public IReadOnlyList<string> ColumnNames => _names;

    public int FieldCount => _names.Length;

    public ReadOnlySpan<char> this[int index]
    {
        get
        {
            EnsureCaptured();
            var start = _starts[index];
            var end = index + 1 < _starts.Length ? _starts[index + 1] - 1 : _fieldsLength;
            return _fields.AsSpan(start, end - start);
        }
    }

    /// <summary>U+001F, field 0, U+001F, field 1, ...: the current row as <see cref="Values.RowHasher"/> hashes it after the seed.</summary>
    public ReadOnlySpan<char> JoinedFields
    {
        get
        {
            EnsureCaptured();
            return _fields.AsSpan(0, _fieldsLength);
        }
    }

    /// <summary>
    /// Appends the current row to <paramref name="text"/> at <paramref name="length"/> in the <see cref="JoinedFields"/>
    /// layout, straight from the parser, and records where each field starts (a field ends one character before the
    /// next one's start, the last at the new <paramref name="length"/>).
    /// </summary>
    public void CopyCurrentRow(ref char[] text, ref int length, Span<int> starts)
    {
        var row = _reader.Current;
        var raw = row.Span;
        if (length + raw.Length + starts.Length > text.Length)
        {
            Array.Resize(ref text, Math.Max(length + raw.Length + starts.Length, text.Length * 2));
        }

        // Without a quote, Sep's fields are the row split at each delimiter, with spaces trimmed from both ends when
        // trimming is on (Sep trims only U+0020). Splitting here spares a call into Sep per field.
        if (Vector256.IsHardwareAccelerated && raw.Length >= Vector256<ushort>.Count && TryCopyPlainRow(raw, text, ref length, starts))
        {
            return;
        }

        if (!_quotes || !raw.Contains('"'))
        {
            // One scan of the row for delimiters: fields are a few characters long, too short for a vectorized search
            // per field to pay off.
            var rowStart = length;
            var field = 0;
            var fieldStart = 0;
            for (var position = 0; position <= raw.Length && field < starts.Length; position++)
            {
                if (position < raw.Length && raw[position] != _delimiter)
                {
                    continue;
                }

                var value = raw[fieldStart..position];
                if (_trim)
                {
                    value = value.Trim(' ');
                }

                text[length++] = '\u001F';
                starts[field] = length;
                value.CopyTo(text.AsSpan(length));
                length += value.Length;
                field++;
                fieldStart = position + 1;
            }

            if (field == starts.Length)
            {
                return;
            }

            // Sep counted the fields differently (it has checked the count already): take its fields.
            length = rowStart;
        }

        CopyFields(row, ref text, ref length, starts);
    }

    /// <summary>
    /// The common case, 16 characters at a time: a row with no quote character (when quoting is on) and no space
    /// at either end of a field (when trimming is on) is copied whole with each delimiter turned into U+001F, which gives the
    /// <see cref="JoinedFields"/> layout, and each field starts after a delimiter. Returns false, having changed
    /// nothing the caller keeps, for any other row or when the field count differs from Sep's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryCopyPlainRow(ReadOnlySpan<char> raw, char[] text, ref int length, Span<int> starts)
    {
        var width = Vector256<ushort>.Count;
        ref var source = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(raw));
        ref var target = ref Unsafe.As<char, ushort>(ref text[length + 1]);
        var delimiter = Vector256.Create((ushort)_delimiter);
        var separator = Vector256.Create((ushort)'\u001F');
        var quote = Vector256.Create((ushort)'"');
        var space = Vector256.Create((ushort)' ');
        var firstStart = length + 1;
        starts[0] = firstStart;
        var field = 1;
        var done = 0;
        while (done < raw.Length)
        {
            // The last block ends at the row's end and overlaps the one before; bits already handled are cleared.
            var offset = Math.Min(done, raw.Length - width);
            var block = Vector256.LoadUnsafe(ref source, (nuint)offset);
            var handled = uint.MaxValue << (done - offset);
            if (_quotes && Vector256.EqualsAny(block, quote))
            {
                return false;
            }

            if (_trim)
            {
                // A space inside a field stays; one at a field's start or end would be trimmed.
                var spaces = Vector256.Equals(block, space).ExtractMostSignificantBits() & handled;
                while (spaces != 0)
                {
                    var at = offset + BitOperations.TrailingZeroCount(spaces);
                    if (at == 0 || at == raw.Length - 1 || raw[at - 1] == _delimiter || raw[at + 1] == _delimiter)
                    {
                        return false;
                    }

                    spaces &= spaces - 1;
                }
            }

            var delimiters = Vector256.Equals(block, delimiter);
            Vector256.ConditionalSelect(delimiters, separator, block).StoreUnsafe(ref target, (nuint)offset);
            var mask = delimiters.ExtractMostSignificantBits() & handled;
            while (mask != 0)
            {
                if (field == starts.Length)
                {
                    return false;
                }

                starts[field++] = firstStart + offset + BitOperations.TrailingZeroCount(mask) + 1;
                mask &= mask - 1;
            }

            done = offset + width;
        }

        if (field != starts.Length)
        {
            return false;
        }

        text[length] = '\u001F';
        length = firstStart + raw.Length;
        return true;
    }

    private static void CopyFields(SepReader.Row row, ref char[] text, ref int length, Span<int> starts)
    {
        for (var i = 0; i < starts.Length; i++)
        {
            var field = row[i].Span;
            if (length + field.Length + 1 > text.Length)
            {
                Array.Resize(ref text, Math.Max(length + field.Length + 1, text.Length * 2));
            }

            text[length++] = '\u001F';
            starts[i] = length;
            field.CopyTo(text.AsSpan(length));
            length += field.Length;
        }
    }

    public long LineNumber => LineOf(_reader.Current);

    public long BytesRead => _stream.Position;

    public long TotalBytes => _stream.Length;

    public bool Read()
    {
        if (_pending)
        {
            _pending = false;
            _captured = false;
            return true;
        }

        while (MoveNextDecoded())
        {
            var row = _reader.Current;
            if (row.ColCount == 1 && row.Span.IsEmpty)
            {
                continue;
            }

            if (row.ColCount != _names.Length)
            {
                throw PreprocessingException.RaggedRow(_path, LineOf(row), _names.Length, row.ColCount, row.Span.ToString());
            }

            _captured = false;
            return true;
        }

        return false;
    }

    private void EnsureCaptured()
    {
        if (!_captured)
        {
            Capture(_reader.Current);
            _captured = true;
        }
    }

    // Sep trims and unescapes a field each time it is read, and callers read most fields more than once: the row is
    // copied on first access.
    private void Capture(SepReader.Row row)
    {
        var length = 0;
        CopyFields(row, ref _fields, ref length, _starts);
        _fieldsLength = length;
    }

    // Sep 0.18.0 reports the first row's LineNumberFrom as the line after it (2 for a one-line row); every later
    // row's is right. The first row of a file always starts on line 1.
    private static long LineOf(SepReader.Row row) => row.RowIndex == 0 ? 1 : row.LineNumberFrom;

    public void Dispose()
    {
        _reader.Dispose();
        _text.Dispose();
        _stream.Dispose();
    }

    private string[] ReadHeader(bool hasHeader)
    {
        while (MoveNextDecoded())
        {
            var row = _reader.Current;
            if (row.ColCount == 1 && row.Span.IsEmpty)
            {
                continue;
            }

            if (!hasHeader)
            {
                _pending = true;
                return [.. Enumerable.Range(0, row.ColCount).Select(index => $"_c{index}")];
            }

            var names = new string[row.ColCount];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = row[i].ToString();
            }

            CheckHeader(names, LineOf(row));
            return names;
        }

        throw PreprocessingException.EmptyInput(_path);
    }

    private void CheckHeader(string[] names, long line)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0)
            {
                throw new PreprocessingException(
                    $"The header of {_path} (line {line}) has an empty name for column {i + 1}. Name every column, or set input.header to false and refer to columns by 0-based index.",
                    _path, line, i + 1, names[i]);
            }

            var first = Array.IndexOf(names, names[i]);
            if (first != i)
            {
                throw new PreprocessingException(
                    $"The header of {_path} (line {line}) names two columns '{names[i]}' (columns {first + 1} and {i + 1}). Rename one so every column name is unique.",
                    _path, line, i + 1, names[i]);
            }
        }
    }

    // Called once per row: a plain try block, because a delegate through Decode would allocate on every row.
    private bool MoveNextDecoded()
    {
        try
        {
            return _reader.MoveNext();
        }
        catch (DecoderFallbackException ex)
        {
            throw InvalidText(ex);
        }
    }

    private T Decode<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DecoderFallbackException ex)
        {
            throw InvalidText(ex);
        }
    }

    private PreprocessingException InvalidText(DecoderFallbackException ex) => new(
        $"{_path} is not valid {_encodingName} text (it contains a byte sequence that is invalid in that encoding). Set input.encoding to the file's encoding, for example \"latin-1\" or \"windows-1252\".",
        _path, null, null, null, ex);
}
