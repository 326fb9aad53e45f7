using System.Globalization;
using System.Text;
using nietras.SeparatedValues;
using Pipeline.Preprocessing;

namespace Pipeline.Local.SageMaker.Hosting.RawRows;

/// <summary>
/// Turns the body of a raw-row request into feature rows with the encodings of the preprocessing run that produced
/// the training data. The body contains rows as the source file does: the same delimiter and quoting, one row per line
/// (a quoted value may span lines), no header, with every input column or with the target column left out.
/// Blank lines are skipped, as the preprocessing engine skips them.
/// </summary>
internal sealed class RawRowRequestEncoder
{
    private readonly RowEncoder _encoder;
    private readonly InputSpec _input;

    private RawRowRequestEncoder(PreprocessingManifest manifest)
    {
        _encoder = RowEncoder.FromManifest(manifest);
        _input = manifest.Spec.Input;
    }

    public int FeatureCount => _encoder.FeatureCount;

    /// <summary>The input columns in their original order, the target included.</summary>
    public IReadOnlyList<string> InputColumns => _encoder.InputColumns;

    public static RawRowRequestEncoder FromManifest(PreprocessingManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new RawRowRequestEncoder(manifest);
    }

    /// <summary>Encodes every row of <paramref name="body"/>; missing features are NaN.</summary>
    /// <exception cref="PreprocessingException">A row has the wrong number of values or a value that does not fit its column; the message names its line.</exception>
    public IReadOnlyList<double[]> Encode(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var reader = Sep.Reader(options => options with
        {
            Sep = new Sep(_input.Delimiter),
            HasHeader = false,
            Unescape = _input.Quote is not null,
            DisableColCountCheck = true,
            DisableQuotesParsing = _input.Quote is null,
            Trim = _input.TrimSpaces ? SepTrim.All : SepTrim.None,
        }).FromText(body);

        var rows = new List<double[]>();
        long line = 1;
        foreach (var row in reader)
        {
            // A row starts where the previous one ended: Sep 0.18.0 reports LineNumberFrom 2 for the first row.
            var firstLine = line;
            line = row.LineNumberToExcl;
            if (row.ColCount == 1 && row.Span.IsEmpty)
            {
                continue;
            }

            var cells = new string?[row.ColCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = row[i].ToString();
            }

            rows.Add(_encoder.Encode(cells, firstLine));
        }

        return rows;
    }

    /// <summary>Writes feature rows as headerless CSV, the input of the built-in XGBoost contract; NaN becomes an empty cell.</summary>
    public static string ToFeatureCsv(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                if (!double.IsNaN(row[i]))
                {
                    text.Append(row[i].ToString("R", CultureInfo.InvariantCulture));
                }
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
