namespace Pipeline.Preprocessing.Internal.Encoders;

/// <summary>Receives one row's features in output order: the CSV and LIBSVM writers and the in-memory row encoder.</summary>
internal interface IFeatureSink
{
    /// <summary>A number in plain form (digits, <c>.</c> decimal point, optional exponent).</summary>
    void Number(ReadOnlySpan<char> text);

    void Missing();

    /// <summary>An ordinal code.</summary>
    void Code(int code);

    /// <summary>A one-hot group of <paramref name="width"/> indicators with <paramref name="hot"/> set, or none when it is -1.</summary>
    void Indicators(int width, int hot);
}
