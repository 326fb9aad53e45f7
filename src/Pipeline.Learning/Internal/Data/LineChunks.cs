using System.Globalization;

namespace Pipeline.Learning.Internal.Data;

/// <summary>Splits text files into chunks of whole lines and parses them in parallel, keeping errors deterministic.</summary>
internal static class LineChunks
{
    /// <summary>Content above this size is split into one chunk per processor.</summary>
    private const int ParallelThreshold = 1 << 20;

    /// <summary>Returns chunks that end at line ends, with the 1-based line number each one starts at.</summary>
    public static List<(int Start, int End, int FirstLine)> Split(byte[] content, int start)
    {
        var length = content.Length - start;
        var count = length < ParallelThreshold ? 1 : Math.Max(1, Environment.ProcessorCount);
        var bounds = new List<(int Start, int End, int FirstLine)>();
        var position = start;
        var line = 1;
        for (var i = 0; i < count && position < content.Length; i++)
        {
            var end = i == count - 1 ? content.Length : start + (int)((long)length * (i + 1) / count);
            if (end < content.Length)
            {
                var newline = content.AsSpan(end).IndexOf((byte)'\n');
                end = newline < 0 ? content.Length : end + newline + 1;
            }

            if (end <= position)
            {
                continue;
            }

            bounds.Add((position, end, line));
            line += content.AsSpan(position, end - position).Count((byte)'\n');
            position = end;
        }

        return bounds;
    }

    /// <summary>Runs the chunk parsers; when several fail, rethrows the error of the earliest line, as a sequential parse would.</summary>
    public static void Run(int count, Action<int> parse)
    {
        if (count <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                parse(i);
            }

            return;
        }

        try
        {
            Parallel.For(0, count, parse);
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(inner => inner is AlgorithmException))
        {
            throw exception.InnerExceptions.Cast<AlgorithmException>().MinBy(inner => inner.Data["Line"] as int? ?? int.MaxValue)!;
        }
    }

    public static T[] Concat<TChunk, T>(List<TChunk> chunks, Func<TChunk, List<T>> select)
    {
        var result = new T[chunks.Sum(chunk => select(chunk).Count)];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            var part = select(chunk);
            part.CopyTo(result, offset);
            offset += part.Count;
        }

        return result;
    }

    /// <summary>Parses a number, taking plain digit strings (pixel and count data) on a fast path.</summary>
    public static bool TryParseNumber(ReadOnlySpan<byte> text, out float value)
    {
        if (text.Length is > 0 and <= 7)
        {
            var integer = 0;
            var digits = true;
            foreach (var character in text)
            {
                var digit = character - (byte)'0';
                if ((uint)digit > 9)
                {
                    digits = false;
                    break;
                }

                integer = (integer * 10) + digit;
            }

            if (digits)
            {
                value = integer;
                return true;
            }
        }

        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Creates an error that records its line, so parallel parsing can report the earliest one.</summary>
    public static AlgorithmException Error(string message, int lineNumber)
    {
        var exception = new AlgorithmException(message);
        exception.Data["Line"] = lineNumber;
        return exception;
    }
}
