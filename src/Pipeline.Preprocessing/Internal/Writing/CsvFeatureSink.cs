using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Pipeline.Preprocessing.Internal.Encoders;

namespace Pipeline.Preprocessing.Internal.Writing;

/// <summary>
/// Writes SageMaker XGBoost CSV rows: the label, then every feature, comma-separated; a missing value is an empty cell.
/// Rows go into one reused UTF-8 byte buffer that is written to the stream in large blocks.
/// </summary>
internal sealed class CsvFeatureSink(Stream stream, int bufferSize = 1 << 20) : IRowSink
{

    // The longest row part written without a capacity check: a code, a one-hot group is checked on its own.
    private const int Reserve = 64;

    private byte[] _buffer = new byte[bufferSize];
    private int _length;

    public void BeginRow(ReadOnlySpan<char> label) => Text(label);

    public void EndRow()
    {
        Ensure(1);
        _buffer[_length++] = (byte)'\n';
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Number(ReadOnlySpan<char> text)
    {
        Ensure(1);
        _buffer[_length++] = (byte)',';
        Text(text);
    }

    public void Missing()
    {
        Ensure(1);
        _buffer[_length++] = (byte)',';
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Code(int code)
    {
        Ensure(Reserve);
        _buffer[_length++] = (byte)',';
        if ((uint)code < 1000)
        {
            // Most codes are small: their digits are written without the general formatter.
            if (code >= 100)
            {
                _buffer[_length++] = (byte)('0' + (code / 100));
            }

            if (code >= 10)
            {
                _buffer[_length++] = (byte)('0' + (code / 10 % 10));
            }

            _buffer[_length++] = (byte)('0' + (code % 10));
            return;
        }

        code.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Indicators(int width, int hot)
    {
        Ensure(width * 2);
        var span = _buffer.AsSpan(_length, width * 2);
        for (var i = 0; i < span.Length; i += 2)
        {
            span[i] = (byte)',';
            span[i + 1] = (byte)'0';
        }

        if (hot >= 0)
        {
            span[(hot * 2) + 1] = (byte)'1';
        }

        _length += span.Length;
    }

    /// <summary>A computed number (Unix seconds), formatted as <see cref="Values.NumberText.Format"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Computed(double value)
    {
        Ensure(Reserve);
        _buffer[_length++] = (byte)',';
        if (Values.NumberText.TryFormatUtf8(value, _buffer.AsSpan(_length), out var written))
        {
            _length += written;
        }
        else
        {
            Text(Values.NumberText.Format(value));
        }
    }

    /// <summary>Writes what is buffered to the stream.</summary>
    public void Flush()
    {
        stream.Write(_buffer, 0, _length);
        _length = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Text(ReadOnlySpan<char> text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        var destination = _buffer.AsSpan(_length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 0x80)
            {
                // Numbers and codes are ASCII; anything else takes the general encoder.
                _length += Encoding.UTF8.GetBytes(text, destination);
                return;
            }

            destination[i] = (byte)c;
        }

        _length += text.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int needed)
    {
        if (_length + needed > _buffer.Length)
        {
            Grow(needed);
        }
    }

    private void Grow(int needed)
    {
        Flush();
        if (needed > _buffer.Length)
        {
            // A value longer than the buffer (a very long number text or a very wide one-hot group).
            _buffer = new byte[needed];
        }
    }
}

/// <summary>A feature sink that also frames rows with their label.</summary>
internal interface IRowSink : IFeatureSink
{
    void BeginRow(ReadOnlySpan<char> label);

    void EndRow();

    /// <summary>Writes out what the sink still buffers; called once after the last row.</summary>
    void Flush();
}
