namespace Pipeline.Preprocessing.Tests.Engine;

public sealed class FailureMessageTests
{
    private static Task<PreprocessingException> FailAsync(string json, string input, TempFolder temp) =>
        Assert.ThrowsAsync<PreprocessingException>(() => new PreprocessingEngine().RunAsync(PreprocessingSpec.Parse(json), input, temp.Output));

    [Fact]
    public async Task RunAsync_RaggedRow_NamesFileLineAndFieldCounts()
    {
        using var temp = new TempFolder();
        var lines = File.ReadAllLines(TestFiles.Data("breast_cancer.csv")).Take(20).ToList();
        lines[9] = "1,2,3";
        var input = temp.File("ragged.csv", string.Join('\n', lines) + "\n");

        var error = await FailAsync("""{ "target": "diagnosis" }""", input, temp);

        Assert.Equal(10, error.Line);
        Assert.Contains("ragged.csv line 10 has 3 fields but the header has 31", error.Message, StringComparison.Ordinal);
        Assert.Contains("'1,2,3'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnquotedCommaInDirtyFile_ReportsRaggedLineWithoutQuotes()
    {
        using var temp = new TempFolder();
        var text = File.ReadAllText(TestFiles.Data("breast_cancer_dirty.csv")).Replace("\"1,364\"", "1,364", StringComparison.Ordinal);
        var input = temp.File("unquoted.csv", text);

        var error = await FailAsync("""{ "target": "diagnosis" }""", input, temp);

        Assert.Equal(252, error.Line);
        Assert.Contains("has 32 fields but the header has 31", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingTargetColumn_NamesItAndListsColumns()
    {
        using var temp = new TempFolder();

        var error = await FailAsync("""{ "target": "label" }""", TestFiles.Data("diabetes.csv"), temp);

        Assert.Contains("The target column 'label' is not in the header of", error.Message, StringComparison.Ordinal);
        Assert.Contains("Columns found: age, sex, bmi, bp, s1, s2, s3, s4, s5, s6, progression.", error.Message, StringComparison.Ordinal);
        Assert.Equal("label", error.Value);
    }

    [Fact]
    public async Task RunAsync_TargetWithWrongCase_SuggestsTheHeaderName()
    {
        using var temp = new TempFolder();

        var error = await FailAsync("""{ "target": "Diagnosis" }""", TestFiles.Data("breast_cancer.csv"), temp);

        Assert.Contains("Did you mean 'diagnosis'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TargetIndexOutOfRange_GivesTheColumnCount()
    {
        using var temp = new TempFolder();

        var error = await FailAsync("""{ "target": 65 }""", TestFiles.Data("digits.csv"), temp);

        Assert.Contains("index 65 is out of range", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 65 columns (indexes 0 to 64)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ThousandsSeparatorNotConfigured_NamesLineValueAndFix()
    {
        using var temp = new TempFolder();

        var error = await FailAsync("""{ "target": "diagnosis" }""", TestFiles.Data("breast_cancer_dirty.csv"), temp);

        Assert.Equal(252, error.Line);
        Assert.Equal("1,364", error.Value);
        Assert.Equal(4, error.Column);
        Assert.Contains("column 'mean_area' holds numbers in 569 of 570 non-missing cells, but this cell is '1,364'", error.Message, StringComparison.Ordinal);
        Assert.Contains("If ',' is a thousands separator, set input.thousandsSeparator to \",\".", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NumericTargetWithText_SuggestsCategorical()
    {
        using var temp = new TempFolder();
        var input = temp.File("labels.csv", "x,y\n1,0\n2,1\n3,yes\n");

        var error = await FailAsync("""{ "target": "y", "targetType": "numeric" }""", input, temp);

        Assert.Equal(4, error.Line);
        Assert.Contains("'yes', which is not a number. Set targetType to \"categorical\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DeclaredNumericColumnWithText_NamesTheValue()
    {
        using var temp = new TempFolder();
        var input = temp.File("typed.csv", "x,y\n1,0\nabc,1\n3,0\n");

        var error = await FailAsync("""{ "target": "y", "columns": { "x": { "type": "numeric" } } }""", input, temp);

        Assert.Equal(3, error.Line);
        Assert.Contains("column 'x' is declared numeric, but the value 'abc' is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EmptyFile_SaysItHasNoRows()
    {
        using var temp = new TempFolder();
        var input = temp.File("empty.csv", "");

        var error = await FailAsync("""{ "target": "y" }""", input, temp);

        Assert.Contains("contains no rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DuplicateHeaderNames_NamesBothColumns()
    {
        using var temp = new TempFolder();
        var input = temp.File("dup.csv", "a,b,a\n1,2,3\n");

        var error = await FailAsync("""{ "target": "b" }""", input, temp);

        Assert.Contains("names two columns 'a' (columns 1 and 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_InvalidUtf8_SuggestsAnEncoding()
    {
        using var temp = new TempFolder();
        var input = Path.Combine(temp.Path, "latin.csv");
        File.WriteAllBytes(input, [.. "name,y\n"u8, 0x43, 0x61, 0x66, 0xE9, .. ",1\n"u8]);

        var error = await FailAsync("""{ "target": "y" }""", input, temp);

        Assert.Contains("is not valid utf-8 text", error.Message, StringComparison.Ordinal);
        Assert.Contains("input.encoding", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TooFewRowsForSplit_ReportsCounts()
    {
        using var temp = new TempFolder();
        var input = temp.File("one.csv", "x,y\n1,0\n");

        var error = await FailAsync("""{ "target": "y" }""", input, temp);

        Assert.Contains("Every split needs rows", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingInputFile_NamesThePath()
    {
        using var temp = new TempFolder();

        var error = await FailAsync("""{ "target": "y" }""", Path.Combine(temp.Path, "nope.csv"), temp);

        Assert.Contains("nope.csv does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingTargetWithFail_NamesTheLine()
    {
        using var temp = new TempFolder();
        var input = temp.File("gap.csv", "x,y\n1,0\n2,\n3,1\n");

        var error = await FailAsync("""{ "target": "y", "targetMissing": "fail" }""", input, temp);

        Assert.Equal(3, error.Line);
        Assert.Contains("the target column 'y' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HeaderlessFileBadFirstAndThirdRows_NamesTheirLines()
    {
        using var temp = new TempFolder();
        var first = temp.File("first.csv", "1,,0\n2,3,1\n4,5,0\n");
        var third = temp.File("third.csv", "1,2,0\n2,3,1\n4,,0\n");
        const string Spec = """{ "target": 2, "input": { "header": false }, "columns": { "1": { "missing": "fail" } } }""";

        var firstError = await FailAsync(Spec, first, temp);
        var thirdError = await FailAsync(Spec, third, temp);

        Assert.Equal((1L, 3L), (firstError.Line!.Value, thirdError.Line!.Value));
    }
}
