using System.Buffers;
using System.Text;
using System.Text.Json;
using Pipeline.Preprocessing.Internal.Specification;

namespace Pipeline.Preprocessing.Internal.Reading;

/// <summary>
/// Reads JSON Lines: one JSON object per line. The first object's keys are the columns, in order. A later object may
/// leave keys out (read as missing) but may not add keys. Strings are read as their value, numbers as their exact
/// token text, booleans as <c>true</c>/<c>false</c>, and null as empty text (missing under the default
/// missing values). Nested objects and arrays are rejected. Blank lines are skipped.
/// </summary>
internal sealed class JsonLinesRowSource : IRowSource
{
    private readonly string _path;
    private readonly FileStream _stream;
    private readonly StreamReader _text;
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private readonly string[] _names;
    private string[] _values;
    private byte[] _buffer = new byte[4096];
    private long _line;
    private long _rowLine;
    private bool _pending;

    public JsonLinesRowSource(string path, InputSpec input)
    {
        _path = path;
        if (!TextEncodings.TryGet(input.Encoding, out var encoding))
        {
            encoding = Encoding.UTF8;
        }

        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        _text = new StreamReader(_stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        _values = [];
        try
        {
            _names = ReadFirstObject();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IReadOnlyList<string> ColumnNames => _names;

    public int FieldCount => _names.Length;

    public ReadOnlySpan<char> this[int index] => _values[index];

    public long LineNumber => _rowLine;

    public long BytesRead => _stream.Position;

    public long TotalBytes => _stream.Length;

    public bool Read()
    {
        if (_pending)
        {
            _pending = false;
            return true;
        }

        while (NextLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                Array.Fill(_values, string.Empty);
                Parse(line, collectNames: null);
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        _text.Dispose();
        _stream.Dispose();
    }

    private string[] ReadFirstObject()
    {
        while (NextLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var names = new List<string>();
            var values = new List<string>();
            Parse(line, (names, values));
            for (var i = 0; i < names.Count; i++)
            {
                _positions[names[i]] = i;
            }

            _values = [.. values];
            _pending = true;
            return [.. names];
        }

        throw PreprocessingException.EmptyInput(_path);
    }

    private string? NextLine()
    {
        var line = _text.ReadLine();
        if (line is not null)
        {
            _line++;
        }

        return line;
    }

    private void Parse(string line, (List<string> Names, List<string> Values)? collectNames)
    {
        _rowLine = _line;
        var length = Encoding.UTF8.GetMaxByteCount(line.Length);
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        var count = Encoding.UTF8.GetBytes(line, _buffer);
        try
        {
            ParseObject(new Utf8JsonReader(_buffer.AsSpan(0, count)), collectNames);
        }
        catch (JsonException ex)
        {
            throw new PreprocessingException(
                $"{_path} line {_line} is not a valid JSON object: {ex.Message} Write one JSON object per line (JSON Lines).",
                _path, _line, null, PreprocessingException.Shorten(line), ex);
        }
    }

    private void ParseObject(Utf8JsonReader reader, (List<string> Names, List<string> Values)? collectNames)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("the line does not start with '{'.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                JsonTokenType.Null => string.Empty,
                _ => throw new PreprocessingException(
                    $"{_path} line {_line}: the value of '{name}' is a nested {(reader.TokenType == JsonTokenType.StartArray ? "array" : "object")}. Flatten nested values into top-level keys before preprocessing.",
                    _path, _line, null, name),
            };

            if (collectNames is { } collect)
            {
                if (collect.Names.Contains(name, StringComparer.Ordinal))
                {
                    throw new PreprocessingException($"{_path} line {_line} has the key '{name}' twice. Give every key once.", _path, _line, null, name);
                }

                collect.Names.Add(name);
                collect.Values.Add(value);
            }
            else if (_positions.TryGetValue(name, out var position))
            {
                _values[position] = value;
            }
            else
            {
                throw new PreprocessingException(
                    $"{_path} line {_line} has the key '{name}', which the first object does not have. Columns come from the first object's keys ({string.Join(", ", _names)}); add '{name}' to the first line (null is fine).",
                    _path, _line, null, name);
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw new JsonException("the object does not end at the end of the line.");
        }
    }
}
