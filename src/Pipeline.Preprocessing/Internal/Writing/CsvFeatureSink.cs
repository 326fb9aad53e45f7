using System.Globalization;
using System.Runtime.CompilerServices;
using Pipeline.Preprocessing.Internal.Encoders;

namespace Pipeline.Preprocessing.Internal.Writing;

/// <summary>Writes SageMaker XGBoost CSV rows: the label, then every feature, comma-separated; a missing value is an empty cell.</summary>
internal sealed class CsvFeatureSink(TextWriter writer) : IRowSink
{
    private string _zeros = string.Empty;

    public void BeginRow(ReadOnlySpan<char> label) => writer.Write(label);

    public void EndRow() => writer.Write('\n');

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Number(ReadOnlySpan<char> text)
    {
        writer.Write(',');
        writer.Write(text);
    }

    public void Missing() => writer.Write(',');

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Code(int code)
    {
        Span<char> digits = stackalloc char[12];
        digits[0] = ',';
        code.TryFormat(digits[1..], out var length, default, CultureInfo.InvariantCulture);
        writer.Write(digits[..(length + 1)]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Indicators(int width, int hot)
    {
        if (_zeros.Length < width * 2)
        {
            _zeros = string.Concat(Enumerable.Repeat(",0", Math.Max(width, 64)));
        }

        var zeros = _zeros.AsSpan();
        if (hot < 0)
        {
            writer.Write(zeros[..(width * 2)]);
            return;
        }

        writer.Write(zeros[..(hot * 2)]);
        writer.Write(",1");
        writer.Write(zeros[..((width - hot - 1) * 2)]);
    }
}

/// <summary>A feature sink that also frames rows with their label.</summary>
internal interface IRowSink : IFeatureSink
{
    void BeginRow(ReadOnlySpan<char> label);

    void EndRow();
}
