namespace Pipeline.Preprocessing;

/// <summary>The phase of a preprocessing run.</summary>
public enum PreprocessingPhase
{
    /// <summary>First pass: infer types, collect statistics, assign splits.</summary>
    Profiling,

    /// <summary>Second pass: encode rows and write the split files.</summary>
    Writing,

    Completed,
}

/// <summary>A progress report: rows and bytes of the input handled so far in the current pass.</summary>
public sealed record PreprocessingProgress(PreprocessingPhase Phase, long RowsProcessed, long BytesProcessed, long TotalBytes)
{
    /// <summary>Overall fraction done from 0 to 1, counting each of the two passes as half.</summary>
    public double Fraction => Phase switch
    {
        PreprocessingPhase.Completed => 1,
        _ => (Phase == PreprocessingPhase.Writing ? 0.5 : 0) + (TotalBytes <= 0 ? 0 : 0.5 * Math.Min(1, (double)BytesProcessed / TotalBytes)),
    };
}
