using System.Text;

namespace Pipeline.Preprocessing.Tests.Treatments;

/// <summary>Columns the engine drops by itself, and type declarations that do not fit the data.</summary>
public sealed class ColumnDropTests
{
    [Fact]
    public async Task AllMissingColumn_IsDroppedWithReason()
    {
        using var runner = new EngineRunner();
        var lines = File.ReadAllLines(TestFiles.Data("diabetes.csv")).Select((line, i) => line + (i == 0 ? ",notes" : ",NA"));
        var input = runner.Scratch("notes.csv", string.Join('\n', lines) + "\n");

        var manifest = await runner.RunAsync("""{ "target": "progression" }""", input);

        var notes = runner.Column("notes");
        Assert.Equal(ColumnRole.Dropped, notes.Role);
        Assert.Equal("every value is missing", notes.DropReason);
        Assert.DoesNotContain("notes", manifest.Features);
    }

    [Fact]
    public async Task IdentifierColumn_IsDroppedAsHighCardinality()
    {
        using var runner = new EngineRunner();
        var text = new StringBuilder("id,x,y\n");
        for (var i = 0; i < 10_050; i++)
        {
            text.Append("row-").Append(i).Append(',').Append(i % 7).Append(',').Append(i % 2).Append('\n');
        }

        var input = runner.Scratch("ids.csv", text.ToString());

        var manifest = await runner.RunAsync("""{ "target": "y" }""", input);

        var id = runner.Column("id");
        Assert.Equal(ColumnRole.Dropped, id.Role);
        Assert.StartsWith("more than 10000 distinct values", id.DropReason, StringComparison.Ordinal);
        Assert.Equal(["x"], manifest.Features);
        // Past the tracked distinct values the counts are partial, so none are reported.
        Assert.Null(id.Statistics!.Distinct);
        Assert.Empty(id.Statistics.TopValues);
        Assert.Equal(10_050, id.Statistics.Count);
    }

    [Fact]
    public async Task DeclaredDateTimeWithText_NamesTheValue()
    {
        using var runner = new EngineRunner();

        var error = await Assert.ThrowsAsync<PreprocessingException>(() =>
            runner.RunAsync("""{ "target": "arr_del15", "columns": { "origin": { "type": "datetime" } } }""", TestFiles.Data("flights_head.csv")));

        Assert.Equal(2, error.Line);
        Assert.Contains("column 'origin' is declared datetime, but the value 'LAS' is not an ISO 8601 date", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeclaredDateTimeWithLaterText_NamesTheFirstNonDate()
    {
        using var runner = new EngineRunner();
        var input = runner.Scratch("dates.csv", "when,y\n2001-01-01,0\n2001-01-02,1\nsoon,0\n2001-01-04,1\n");

        var error = await Assert.ThrowsAsync<PreprocessingException>(() =>
            runner.RunAsync("""{ "target": "y", "columns": { "when": { "type": "datetime" } } }""", input));

        Assert.Equal(4, error.Line);
        Assert.Equal("soon", error.Value);
    }

    [Fact]
    public async Task TrimSpacesOff_KeepsSpacesInCategories()
    {
        using var runner = new EngineRunner();
        var input = runner.Scratch("spaced.csv", "c,y\n a,1\na,0\n a,1\na,0\n a,0\na,1\n a,1\na,0\n a,1\na,0\n");

        await runner.RunAsync("""{ "target": "y", "input": { "trimSpaces": false } }""", input);

        Assert.Equal(["c= a", "c=a"], runner.Manifest.Features);
    }

    [Fact]
    public async Task NoFeaturesLeft_ListsWhatHappenedToEachColumn()
    {
        using var runner = new EngineRunner();

        var error = await Assert.ThrowsAsync<PreprocessingException>(() =>
            runner.RunAsync("""{ "target": "progression", "features": ["age"], "exclude": ["age"] }""", TestFiles.Data("diabetes.csv")));

        Assert.Contains("No feature columns are left", error.Message, StringComparison.Ordinal);
        Assert.Contains("'age' excluded", error.Message, StringComparison.Ordinal);
    }
}
