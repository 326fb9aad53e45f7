using System.Globalization;
using Pipeline.Preprocessing.Internal.Encoders;

namespace Pipeline.Preprocessing.Internal.Writing;

/// <summary>
/// Writes LIBSVM rows: <c>label index:value ...</c> with 1-based indices. Missing values and the zero indicators of
/// one-hot groups are left out; numeric zeros are written, because XGBoost reads a left-out entry as missing.
/// </summary>
internal sealed class LibSvmFeatureSink(TextWriter writer) : IRowSink
{
    private int _next;

    public void BeginRow(ReadOnlySpan<char> label)
    {
        writer.Write(label);
        _next = 1;
    }

    public void EndRow() => writer.Write('\n');

    public void Flush() => writer.Flush();

    public void Number(ReadOnlySpan<char> text)
    {
        WriteIndex(_next++);
        writer.Write(text);
    }

    public void Missing() => _next++;

    public void Code(int code)
    {
        WriteIndex(_next++);
        Span<char> digits = stackalloc char[11];
        code.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
        writer.Write(digits[..length]);
    }

    public void Indicators(int width, int hot)
    {
        if (hot >= 0)
        {
            WriteIndex(_next + hot);
            writer.Write('1');
        }

        _next += width;
    }

    private void WriteIndex(int index)
    {
        Span<char> text = stackalloc char[13];
        text[0] = ' ';
        index.TryFormat(text[1..], out var length, default, CultureInfo.InvariantCulture);
        text[length + 1] = ':';
        writer.Write(text[..(length + 2)]);
    }
}
