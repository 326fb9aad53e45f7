using System.Runtime.CompilerServices;
using Pipeline.Preprocessing.Internal.Profiling;
using Pipeline.Preprocessing.Internal.Values;

namespace Pipeline.Preprocessing.Internal.Encoders;

/// <summary>Where a value came from, for error messages.</summary>
internal readonly record struct CellLocation(string File, long Line);

/// <summary>
/// Turns one column's raw cell text into its output features, as the manifest records it. The writing pass and
/// <see cref="RowEncoder"/> use the same encoders, so training and inference encode alike.
/// </summary>
internal abstract class ColumnEncoder
{
    protected ColumnEncoder(ColumnManifest column, MissingValues missing)
    {
        Column = column;
        MissingValues = missing;
    }

    public ColumnManifest Column { get; }

    public int Index => Column.Index;

    public int Width => Column.Features.Count;

    public bool DropsRowWhenMissing => Column.Missing == MissingTreatment.DropRow;

    protected MissingValues MissingValues { get; }

    public static ColumnEncoder Create(ColumnManifest column, NumberText numbers, MissingValues missing) => column.Encoding switch
    {
        FeatureEncoding.Number => new NumberEncoder(column, numbers, missing),
        FeatureEncoding.UnixSeconds => new DateTimeEncoder(column, missing),
        FeatureEncoding.OneHot => new OneHotEncoder(column, missing),
        FeatureEncoding.Ordinal => new OrdinalEncoder(column, missing),
        _ => throw new PreprocessingException($"Column '{column.Name}' has no encoding in the manifest, so it cannot be encoded."),
    };

    public bool IsMissing(ReadOnlySpan<char> raw) => MissingValues.IsMissing(raw);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Encode(ReadOnlySpan<char> raw, IFeatureSink sink, CellLocation location)
    {
        if (!MissingValues.IsMissing(raw))
        {
            EncodeValue(raw, sink, location);
            return;
        }

        EncodeMissingCell(raw, sink, location);
    }

    /// <summary>
    /// Encodes a cell the first pass already classified (<see cref="ColumnProfile.Classify"/>), reusing its kind and
    /// value instead of parsing the text again; the output is the same as <see cref="Encode(ReadOnlySpan{char}, IFeatureSink, CellLocation)"/>'s.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Encode(ReadOnlySpan<char> raw, CellKind kind, double value, IFeatureSink sink, CellLocation location)
    {
        if (kind != CellKind.Missing)
        {
            EncodeClassified(raw, kind, value, sink, location);
            return;
        }

        EncodeMissingCell(raw, sink, location);
    }

    private void EncodeMissingCell(ReadOnlySpan<char> raw, IFeatureSink sink, CellLocation location)
    {
        switch (Column.Missing)
        {
            case MissingTreatment.Fail:
                throw new PreprocessingException(
                    $"{location.File} line {location.Line}: column '{Column.Name}' is missing, and its missing treatment is \"fail\". Fill the value in, or choose another treatment in columns.{Column.Name}.missing.",
                    location.File, location.Line, Column.Index + 1, raw.ToString());
            case MissingTreatment.DropRow:
                throw new InvalidOperationException("Rows with a missing dropRow column are skipped before encoding.");
        }

        if (Column.FillValue is { } fill)
        {
            EncodeFill(fill, sink, location);
        }
        else
        {
            EncodeMissing(sink);
        }
    }

    protected abstract void EncodeValue(ReadOnlySpan<char> value, IFeatureSink sink, CellLocation location);

    /// <summary>Encodes a present value of the given kind; by default as <see cref="EncodeValue"/> does from the text.</summary>
    protected virtual void EncodeClassified(ReadOnlySpan<char> value, CellKind kind, double number, IFeatureSink sink, CellLocation location) =>
        EncodeValue(value, sink, location);

    protected virtual void EncodeFill(string fill, IFeatureSink sink, CellLocation location) => EncodeValue(fill, sink, location);

    protected virtual void EncodeMissing(IFeatureSink sink) => sink.Missing();

    protected PreprocessingException InvalidValue(ReadOnlySpan<char> value, string expected, CellLocation location) =>
        new($"{location.File} line {location.Line}: column '{Column.Name}' has the value '{value}', which is not {expected}. Fix the value or add it to input.missingValues.",
            location.File, location.Line, Column.Index + 1, value.ToString());
}
