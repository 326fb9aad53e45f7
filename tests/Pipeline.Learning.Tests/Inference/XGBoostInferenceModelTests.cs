using System.Text;
using System.Text.Json;
using Pipeline.Learning.Inference;

namespace Pipeline.Learning.Tests.Inference;

public sealed class XGBoostInferenceModelTests : IClassFixture<XGBoostInferenceModelTests.Models>
{
    private readonly Models _models;

    public XGBoostInferenceModelTests(Models models) => _models = models;

    [Fact]
    public void Invoke_CsvAcceptCsv_OnePredictionPerLine()
    {
        var response = _models.Binary.Invoke("text/csv", "text/csv", Rows(3));

        Assert.Equal("text/csv", response.ContentType);
        var text = Encoding.UTF8.GetString(response.Body);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.InRange(double.Parse(line, System.Globalization.CultureInfo.InvariantCulture), 0, 1));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    public void Invoke_NoAccept_DefaultsToCsv(string? accept)
    {
        var response = _models.Binary.Invoke("text/csv", accept, Rows(1));

        Assert.Equal("text/csv", response.ContentType);
    }

    [Fact]
    public void Invoke_AcceptJson_ReturnsPredictionsWithScores()
    {
        var response = _models.Binary.Invoke("text/csv; charset=utf-8", "application/json", Rows(2));

        Assert.Equal("application/json", response.ContentType);
        var text = Encoding.UTF8.GetString(response.Body);
        Assert.StartsWith("{\"predictions\": [{\"score\": ", text, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        Assert.Equal(2, document.RootElement.GetProperty("predictions").GetArrayLength());
    }

    [Fact]
    public void Invoke_SoftProb_ReturnsVectorPerRow()
    {
        var csv = _models.SoftProb.Invoke("text/csv", "text/csv", DigitRows(2));
        var json = _models.SoftProb.Invoke("text/csv", "application/json", DigitRows(2));

        var lines = Encoding.UTF8.GetString(csv.Body).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(10, lines[0].Split(',').Length);
        using var document = JsonDocument.Parse(json.Body);
        var score = document.RootElement.GetProperty("predictions")[0].GetProperty("score");
        Assert.Equal(JsonValueKind.Array, score.ValueKind);
        Assert.Equal(10, score.GetArrayLength());
    }

    [Fact]
    public void Invoke_LibSvmOneBased_MatchesCsv()
    {
        var libsvm = string.Join('\n', File.ReadLines(TestFiles.Data("digits.validation.libsvm")).Take(5).Select(line => line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]));
        var fromLibSvm = _models.SoftProb.Invoke("text/libsvm", "text/csv", Encoding.UTF8.GetBytes(libsvm));
        var fromCsv = _models.SoftProb.Invoke("text/csv", "text/csv", DigitRows(5));

        // LIBSVM leaves zero pixels out, which XGBoost treats as missing rather than 0, so compare the top class only.
        Assert.Equal(ArgMax(fromCsv), ArgMax(fromLibSvm));
    }

    [Fact]
    public void Invoke_JsonInstances_MatchesCsv()
    {
        var rows = File.ReadLines(TestFiles.Data("breast_cancer.validation.csv")).Take(2)
            .Select(line => "{\"features\": [" + line[(line.IndexOf(',', StringComparison.Ordinal) + 1)..] + "]}");
        var body = Encoding.UTF8.GetBytes("{\"instances\": [" + string.Join(", ", rows) + "]}");

        var fromJson = _models.Binary.Invoke("application/json", "text/csv", body);
        var fromCsv = _models.Binary.Invoke("text/csv", "text/csv", Rows(2));

        Assert.Equal(fromCsv.Body, fromJson.Body);
    }

    [Fact]
    public void Invoke_RowWithLabel_RejectsWithHint()
    {
        var row = File.ReadLines(TestFiles.Data("breast_cancer.validation.csv")).First();

        var error = Assert.Throws<InferenceException>(() => _models.Binary.Invoke("text/csv", null, Encoding.UTF8.GetBytes(row)));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("row 1 is 31", error.Message, StringComparison.Ordinal);
        Assert.Contains("feature size of trained model 30", error.Message, StringComparison.Ordinal);
        Assert.Contains("without the label", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoke_NonNumericCell_NamesRowColumnAndValue()
    {
        var rows = Encoding.UTF8.GetString(Rows(2)).Split('\n');
        var cells = rows[1].Split(',');
        cells[4] = "big";
        var body = Encoding.UTF8.GetBytes(rows[0] + "\n" + string.Join(',', cells));

        var error = Assert.Throws<InferenceException>(() => _models.Binary.Invoke("text/csv", null, body));

        Assert.Contains("row 2, column 5: value 'big' is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoke_LibSvmIndexBeyondModel_NamesIndex()
    {
        var error = Assert.Throws<InferenceException>(() => _models.Binary.Invoke("text/libsvm", null, "1:0.5 31:2"u8.ToArray()));

        Assert.Contains("feature index 30", error.Message, StringComparison.Ordinal);
        Assert.Contains("30 features", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoke_UnsupportedContentType_Returns415()
    {
        var error = Assert.Throws<InferenceException>(() => _models.Binary.Invoke("image/png", null, Rows(1)));

        Assert.Equal(415, error.StatusCode);
        Assert.Contains("image/png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoke_UnsupportedAccept_Returns406()
    {
        var error = Assert.Throws<InferenceException>(() => _models.Binary.Invoke("text/csv", "text/html", Rows(1)));

        Assert.Equal(406, error.StatusCode);
        Assert.StartsWith("Accept type text/html is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoke_EmptyBody_ReturnsEmptyResponse()
    {
        var response = _models.Binary.Invoke("text/csv", null, ReadOnlyMemory<byte>.Empty);

        Assert.Empty(response.Body);
    }

    [Fact]
    public void Load_DirectoryWithoutModel_ThrowsInvalidData()
    {
        using var files = new TestFiles();
        files.Write(".hidden", "x");

        var error = Assert.Throws<InvalidDataException>(() => InferenceModelLoader.Load(files.Root));

        Assert.Contains("contains no model file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptModel_ThrowsInvalidData()
    {
        using var files = new TestFiles();
        files.Write("xgboost-model", "not a model");

        var error = Assert.Throws<InvalidDataException>(() => InferenceModelLoader.Load(files.Root));

        Assert.Contains("cannot be loaded", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Rows(int count) => RowsOf("breast_cancer.validation.csv", count);

    private static byte[] DigitRows(int count) => RowsOf("digits.validation.csv", count);

    private static byte[] RowsOf(string file, int count)
    {
        var (_, rows) = TestFiles.SplitLabels(TestFiles.Data(file));
        return Encoding.UTF8.GetBytes(string.Join('\n', rows.Take(count)));
    }

    private static int[] ArgMax(InferenceResponse response) =>
        Encoding.UTF8.GetString(response.Body).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(',').Select(value => double.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ToList())
            .Select(values => values.IndexOf(values.Max()))
            .ToArray();

    /// <summary>Trains one binary and one multi:softprob model for the whole class.</summary>
    public sealed class Models : IDisposable
    {
        private readonly TestFiles _binaryFiles = new();
        private readonly TestFiles _softProbFiles = new();

        public Models()
        {
            var binary = _binaryFiles.Request(
                new Dictionary<string, string> { ["objective"] = "binary:logistic", ["num_round"] = "10" },
                TestFiles.Csv("train", TestFiles.Data("breast_cancer.train.csv")));
            new TrainingEngine().TrainAsync(binary).GetAwaiter().GetResult();
            Binary = InferenceModelLoader.Load(_binaryFiles.ModelDirectory);

            var softProb = _softProbFiles.Request(
                new Dictionary<string, string> { ["objective"] = "multi:softprob", ["num_class"] = "10", ["num_round"] = "10" },
                new TrainingChannel("train", [TestFiles.Data("digits.train.libsvm")], "text/libsvm"));
            new TrainingEngine().TrainAsync(softProb).GetAwaiter().GetResult();
            SoftProb = InferenceModelLoader.Load(_softProbFiles.ModelDirectory);
        }

        public IInferenceModel Binary { get; }

        public IInferenceModel SoftProb { get; }

        public void Dispose()
        {
            Binary.Dispose();
            SoftProb.Dispose();
            _binaryFiles.Dispose();
            _softProbFiles.Dispose();
        }
    }
}
