using System.Globalization;
using Pipeline.Preprocessing.Internal.Encoders;
using Pipeline.Preprocessing.Internal.Values;

namespace Pipeline.Preprocessing;

/// <summary>
/// Encodes raw rows at inference time exactly as a preprocessing run encoded its training data, from that run's
/// manifest: same column types, fill values, one-hot indicators and ordinal codes, in the same feature order.
/// </summary>
public sealed class RowEncoder
{
    private const string RequestName = "the request";

    private readonly PreprocessingManifest _manifest;
    private readonly ColumnEncoder[] _encoders;

    private RowEncoder(PreprocessingManifest manifest)
    {
        _manifest = manifest;
        var input = manifest.Spec.Input;
        var numbers = new NumberText(input.ThousandsSeparator, input.DecimalSeparator);
        var missing = new MissingValues(input.MissingValues);
        _encoders =
        [
            .. manifest.Columns
                .Where(column => column.Role == ColumnRole.Feature)
                .OrderBy(column => column.FirstFeature)
                .Select(column => ColumnEncoder.Create(column, numbers, missing)),
        ];
        FeatureNames = manifest.Features;
    }

    /// <summary>The output feature names, in model input order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    public int FeatureCount => FeatureNames.Count;

    /// <summary>The raw input columns, in their original order (the target included).</summary>
    public IReadOnlyList<string> InputColumns => _manifest.InputColumns;

    /// <summary>The classes of a categorical target (class id = position), for turning predictions back into labels; null for a numeric target.</summary>
    public IReadOnlyList<string>? Classes => _manifest.Target.Classes;

    public static RowEncoder FromManifest(PreprocessingManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new RowEncoder(manifest);
    }

    /// <summary>
    /// Encodes one raw row given in the original column order, either with every input column (the target's value is
    /// ignored) or with the target column left out. A null value is missing. A missing value in a <c>dropRow</c>
    /// column, whose training rows were dropped, becomes NaN in each of the column's features.
    /// </summary>
    /// <exception cref="PreprocessingException">The row has the wrong number of values, or a value does not fit its column.</exception>
    public double[] Encode(IReadOnlyList<string?> row) => Encode(row, 1);

    /// <summary>
    /// Encodes one raw row as <see cref="Encode(IReadOnlyList{string?})"/> does; error messages name the row as
    /// <paramref name="line"/> of the request.
    /// </summary>
    /// <param name="line">The 1-based line of the request body where the row starts.</param>
    /// <exception cref="PreprocessingException">The row has the wrong number of values, or a value does not fit its column.</exception>
    public double[] Encode(IReadOnlyList<string?> row, long line)
    {
        ArgumentNullException.ThrowIfNull(row);
        var sink = new ArraySink(new double[FeatureCount]);
        EncodeInto(row, sink, new CellLocation(RequestName, line));
        return sink.Features;
    }

    /// <inheritdoc cref="Encode(IReadOnlyList{string?})"/>
    public void Encode(IReadOnlyList<string?> row, Span<double> features)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (features.Length < FeatureCount)
        {
            throw new ArgumentException($"The feature buffer holds {features.Length} values but the manifest defines {FeatureCount} features.", nameof(features));
        }

        var sink = new ArraySink(new double[FeatureCount]);
        EncodeInto(row, sink, new CellLocation(RequestName, 1));
        sink.Features.CopyTo(features);
    }

    private void EncodeInto(IReadOnlyList<string?> row, ArraySink sink, CellLocation location)
    {
        var columns = _manifest.InputColumns.Count;
        var withoutTarget = row.Count == columns - 1;
        if (row.Count != columns && !withoutTarget)
        {
            throw new PreprocessingException(
                $"{location.File} line {location.Line} has {row.Count} values, but the model expects the {columns} input columns ({string.Join(", ", _manifest.InputColumns)}) or those {columns - 1} without the target '{_manifest.Target.Name}'.",
                location.File, location.Line, null, null);
        }

        var trim = _manifest.Spec.Input.TrimSpaces;
        foreach (var encoder in _encoders)
        {
            var position = withoutTarget && encoder.Index > _manifest.Target.Index ? encoder.Index - 1 : encoder.Index;
            var value = (row[position] ?? string.Empty).AsSpan();
            if (trim)
            {
                value = value.Trim(' ');
            }

            if (encoder.DropsRowWhenMissing && encoder.IsMissing(value))
            {
                // Inference cannot drop the row, and a one-hot column needs one missing value per indicator.
                for (var i = 0; i < encoder.Width; i++)
                {
                    sink.Missing();
                }

                continue;
            }

            encoder.Encode(value, sink, location);
        }
    }

    /// <summary>Writes features into a span: missing values are NaN, which XGBoost reads as missing.</summary>
    private sealed class ArraySink(double[] features) : IFeatureSink
    {
        private readonly double[] _features = features;
        private int _next;

        public double[] Features => _features;

        public void Number(ReadOnlySpan<char> text) => _features[_next++] = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

        public void Missing() => _features[_next++] = double.NaN;

        public void Code(int code) => _features[_next++] = code;

        public void Indicators(int width, int hot)
        {
            _features.AsSpan(_next, width).Clear();
            if (hot >= 0)
            {
                _features[_next + hot] = 1;
            }

            _next += width;
        }
    }
}
