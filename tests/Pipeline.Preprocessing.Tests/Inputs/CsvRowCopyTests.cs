using System.Text;
using Pipeline.Preprocessing.Internal.Reading;

namespace Pipeline.Preprocessing.Tests.Inputs;

/// <summary>
/// Rows without a quote character are split by the engine itself rather than field by field through Sep. Every
/// field must come out exactly as Sep gives it: trimmed of spaces, unquoted and unescaped.
/// </summary>
public sealed class CsvRowCopyTests
{
    // Rows of 4 columns are mostly shorter than 16 characters, so they take the scalar split. Rows of 12 columns are
    // longer and take the vectorized one.
    [Theory]
    [InlineData(',', true, true, 4)]
    [InlineData(',', false, true, 4)]
    [InlineData(';', true, false, 4)]
    [InlineData('\t', false, false, 4)]
    [InlineData(',', true, true, 12)]
    [InlineData(',', false, true, 12)]
    [InlineData(';', true, false, 12)]
    [InlineData('\t', false, false, 12)]
    public void CopyCurrentRow_RandomRows_MatchesSepFields(char delimiter, bool trim, bool quotes, int columns)
    {
        using var temp = new TempFolder();
        var random = new Random(5);
        string[] pieces = ["a", "1.5", " ", "  x ", "", "b c", "-", "é", "\"q\"", " \"q, r\" ", "\"say \"\"hi\"\"\"", "2001-01-01 00:01", "x ", " y"];
        var builder = new StringBuilder();
        string[] plainPieces = ["a", "1.5", "-", "é", "b c", "2001-01-01 00:01", ""];
        builder.AppendJoin(delimiter, Enumerable.Range(0, columns).Select(i => $"c{i}")).Append('\n');
        for (var row = 0; row < 400; row++)
        {
            // Some rows have only plain pieces (no quote, no space at a field's edge), the rows a vector split takes.
            var plain = row % 2 == 0;
            var cells = Enumerable.Range(0, columns).Select(_ => plain ? plainPieces[random.Next(plainPieces.Length)] : pieces[random.Next(pieces.Length)]).Select(cell => quotes ? cell : cell.Replace("\"", "", StringComparison.Ordinal));
            builder.AppendJoin(delimiter, cells).Append(row % 3 == 0 ? "\r\n" : "\n");
        }

        var path = temp.File("rows.csv", builder.ToString());
        var input = new InputSpec { Delimiter = delimiter, TrimSpaces = trim, Quote = quotes ? '"' : null, Header = true };
        using var source = new CsvRowSource(path, input);
        var text = new char[16];
        var starts = new int[columns];
        var rows = 0;
        while (source.Read())
        {
            var length = 0;
            source.CopyCurrentRow(ref text, ref length, starts);

            for (var i = 0; i < columns; i++)
            {
                var end = i + 1 < columns ? starts[i + 1] - 1 : length;
                Assert.Equal(source[i].ToString(), new string(text, starts[i], end - starts[i]));
            }

            Assert.Equal(source.JoinedFields.ToString(), new string(text, 0, length));
            rows++;
        }

        Assert.Equal(400, rows);
    }
}
