using System.Text;
using Pipeline.Preprocessing.Internal.Reading;

namespace Pipeline.Preprocessing.Tests.Inputs;

/// <summary>
/// Rows without a quote character are split by the engine itself rather than field by field through Sep. Every
/// field must come out exactly as Sep gives it: trimmed of spaces, unquoted and unescaped.
/// </summary>
public sealed class CsvRowCopyTests
{
    [Theory]
    [InlineData(',', true, true)]
    [InlineData(',', false, true)]
    [InlineData(';', true, false)]
    [InlineData('\t', false, false)]
    public void CopyCurrentRow_RandomRows_MatchesSepFields(char delimiter, bool trim, bool quotes)
    {
        using var temp = new TempFolder();
        var random = new Random(5);
        string[] pieces = ["a", "1.5", " ", "  x ", "", "b c", "-", "é", "\"q\"", " \"q, r\" ", "\"say \"\"hi\"\"\""];
        var builder = new StringBuilder();
        const int Columns = 4;
        builder.AppendJoin(delimiter, Enumerable.Range(0, Columns).Select(i => $"c{i}")).Append('\n');
        for (var row = 0; row < 400; row++)
        {
            var cells = Enumerable.Range(0, Columns).Select(_ => pieces[random.Next(pieces.Length)]).Select(cell => quotes ? cell : cell.Replace("\"", "", StringComparison.Ordinal));
            builder.AppendJoin(delimiter, cells).Append(row % 3 == 0 ? "\r\n" : "\n");
        }

        var path = temp.File("rows.csv", builder.ToString());
        var input = new InputSpec { Delimiter = delimiter, TrimSpaces = trim, Quote = quotes ? '"' : null, Header = true };
        using var source = new CsvRowSource(path, input);
        var text = new char[16];
        var starts = new int[Columns];
        var lengths = new int[Columns];
        var rows = 0;
        while (source.Read())
        {
            var length = 0;
            source.CopyCurrentRow(ref text, ref length, starts, lengths);

            for (var i = 0; i < Columns; i++)
            {
                Assert.Equal(source[i].ToString(), new string(text, starts[i], lengths[i]));
            }

            Assert.Equal(source.JoinedFields.ToString(), new string(text, 0, length));
            rows++;
        }

        Assert.True(rows > 300, $"only {rows} rows were read");
    }
}
