namespace Pipeline.Learning.Tests.Training;

/// <summary>Every input problem becomes an AlgorithmException whose message names the file, line, value or hyperparameter.</summary>
public sealed class TrainingErrorTests
{
    private static readonly Dictionary<string, string> Binary = new() { ["objective"] = "binary:logistic", ["num_round"] = "3" };

    [Theory]
    [InlineData("1,2,3\n0,4,5\n1,6\n", "file 'train.csv', line 3 has 2 columns")]
    [InlineData("1,2,3\n0,abc,5\n", "File 'train.csv', line 2, column 2: value 'abc' is not a number")]
    [InlineData("label,a,b\n0,4,5\n", "remove the header line")]
    [InlineData("1,2,3\n,4,5\n", "File 'train.csv', line 2: the label (column 1) is empty")]
    [InlineData("1,2,3\n2,4,5\n", "file 'train.csv', line 2: label 2 is invalid for objective 'binary:logistic'")]
    [InlineData("", "No data in train channel")]
    [InlineData("\n\n", "No data in train channel")]
    [InlineData("1\n0\n", "line 1 has 1 column(s)")]
    public async Task TrainAsync_BadCsv_NamesFileLineAndValue(string content, string expected)
    {
        using var files = new TestFiles();
        var path = files.Write("train.csv", content);

        var error = await Assert.ThrowsAsync<AlgorithmException>(() => new TrainingEngine().TrainAsync(files.Request(Binary, TestFiles.Csv("train", path))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAsync_LabelOutOfRangeForNumClass_NamesLineAndRange()
    {
        using var files = new TestFiles();
        var path = files.Write("train.csv", "0,1,2\n1,3,4\n3,5,6\n");
        var parameters = new Dictionary<string, string> { ["objective"] = "multi:softmax", ["num_class"] = "3", ["num_round"] = "2" };

        var error = await Assert.ThrowsAsync<AlgorithmException>(() => new TrainingEngine().TrainAsync(files.Request(parameters, TestFiles.Csv("train", path))));

        Assert.Contains("file 'train.csv', line 3: label 3 is invalid", error.Message, StringComparison.Ordinal);
        Assert.Contains("[0, 3)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1 1:2 x\n", "'x' is not an index:value pair")]
    [InlineData("1 1:2 2:abc\n", "value 'abc' of feature 2 is not a number")]
    [InlineData("yes 1:2\n", "label 'yes' is not a number")]
    [InlineData("1 3:2 2:1\n", "feature index 2 follows index 3")]
    [InlineData("1 -1:2\n", "feature index '-1' is not a non-negative integer")]
    [InlineData("1 qid:3 1:2\n", "query ids")]
    public async Task TrainAsync_BadLibSvm_NamesFileLineAndValue(string content, string expected)
    {
        using var files = new TestFiles();
        var path = files.Write("train.libsvm", "0 1:1 2:1\n" + content);

        var error = await Assert.ThrowsAsync<AlgorithmException>(
            () => new TrainingEngine().TrainAsync(files.Request(Binary, new TrainingChannel("train", [path], "text/libsvm"))));

        Assert.Contains("File 'train.libsvm', line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("foo", "1", "Extraneous hyperparameter found: foo")]
    [InlineData("eta", "2", "Hyperparameter eta: value 2 not in range [0, 1]")]
    [InlineData("max_depth", "deep", "Hyperparameter max_depth: could not parse value 'deep'")]
    [InlineData("booster", "forest", "Hyperparameter booster: forest is not in ['gbtree', 'gblinear', 'dart']")]
    [InlineData("subsample", "0", "Hyperparameter subsample: value 0 not in range (0, 1]")]
    [InlineData("eval_metric", "auc,bogus", "Hyperparameter eval_metric: bogus is not a supported metric")]
    [InlineData("num_class", "3", "Do not need to setup parameter 'num_class'")]
    [InlineData("_kfold", "5", "Hyperparameter _kfold")]
    [InlineData("monotone_constraints", "(1,0)", "monotone_constraints can be used only when")]
    public async Task TrainAsync_InvalidHyperParameter_NamesIt(string name, string value, string expected)
    {
        using var files = new TestFiles();
        var path = files.Write("train.csv", "1,2,3\n0,4,5\n");
        var parameters = new Dictionary<string, string>(Binary) { [name] = value };

        var error = await Assert.ThrowsAsync<AlgorithmException>(() => new TrainingEngine().TrainAsync(files.Request(parameters, TestFiles.Csv("train", path))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAsync_MissingNumRound_NamesIt()
    {
        using var files = new TestFiles();
        var path = files.Write("train.csv", "1,2,3\n0,4,5\n");
        var parameters = new Dictionary<string, string> { ["objective"] = "binary:logistic" };

        var error = await Assert.ThrowsAsync<AlgorithmException>(() => new TrainingEngine().TrainAsync(files.Request(parameters, TestFiles.Csv("train", path))));

        Assert.StartsWith("Missing required hyperparameter: num_round", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAsync_MultiClassWithoutNumClass_AsksForIt()
    {
        using var files = new TestFiles();
        var path = files.Write("train.csv", "1,2,3\n0,4,5\n");
        var parameters = new Dictionary<string, string> { ["objective"] = "multi:softmax", ["num_round"] = "2" };

        var error = await Assert.ThrowsAsync<AlgorithmException>(() => new TrainingEngine().TrainAsync(files.Request(parameters, TestFiles.Csv("train", path))));

        Assert.Contains("Require input for parameter 'num_class'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAsync_MissingTrainChannel_NamesIt()
    {
        using var files = new TestFiles();
        var path = files.Write("validation.csv", "1,2,3\n0,4,5\n");

        var error = await Assert.ThrowsAsync<AlgorithmException>(() => new TrainingEngine().TrainAsync(files.Request(Binary, TestFiles.Csv("validation", path))));

        Assert.StartsWith("Missing required channel: train", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAsync_ExtraneousChannel_NamesIt()
    {
        using var files = new TestFiles();
        var path = files.Write("train.csv", "1,2,3\n0,4,5\n");

        var error = await Assert.ThrowsAsync<AlgorithmException>(
            () => new TrainingEngine().TrainAsync(files.Request(Binary, TestFiles.Csv("train", path), TestFiles.Csv("test", path))));

        Assert.StartsWith("Extraneous channel found: test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAsync_ChannelWithoutFiles_ReportsNoData()
    {
        using var files = new TestFiles();

        var error = await Assert.ThrowsAsync<AlgorithmException>(() => new TrainingEngine().TrainAsync(files.Request(Binary, TestFiles.Csv("train"))));

        Assert.Contains("No data in train channel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAsync_ValidationWithOtherWidth_NamesBothCounts()
    {
        using var files = new TestFiles();
        var train = files.Write("train.csv", "1,2,3\n0,4,5\n");
        var validation = files.Write("validation.csv", "1,2\n0,4\n");

        var error = await Assert.ThrowsAsync<AlgorithmException>(
            () => new TrainingEngine().TrainAsync(files.Request(Binary, TestFiles.Csv("train", train), TestFiles.Csv("validation", validation))));

        Assert.Contains("validation channel has 1 feature columns but the train channel has 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/csv;label_size=2", "Optional parameter label_size must be equal to 1")]
    [InlineData("application/x-recordio-protobuf", "not supported by the local XGBoost trainer")]
    [InlineData("image/png", "image/png is not an accepted ContentType")]
    public async Task TrainAsync_UnsupportedContentType_NamesIt(string contentType, string expected)
    {
        using var files = new TestFiles();
        var path = files.Write("train.csv", "1,2,3\n0,4,5\n");

        var error = await Assert.ThrowsAsync<AlgorithmException>(
            () => new TrainingEngine().TrainAsync(files.Request(Binary, new TrainingChannel("train", [path], contentType))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAsync_BadGzip_ExplainsCompressionType()
    {
        using var files = new TestFiles();
        var path = files.Write("train.csv", "1,2,3\n0,4,5\n");

        var error = await Assert.ThrowsAsync<AlgorithmException>(
            () => new TrainingEngine().TrainAsync(files.Request(Binary, new TrainingChannel("train", [path], "text/csv", "Gzip"))));

        Assert.Contains("is not valid gzip data", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com/my-algorithm:latest")]
    [InlineData("")]
    public void TrainAsync_UnknownImage_ThrowsBeforeTraining(string image)
    {
        using var files = new TestFiles();
        var request = files.Request(Binary, TestFiles.Csv("train", "unused.csv")) with { TrainingImage = image };

        var error = Assert.Throws<AlgorithmException>(() => { _ = new TrainingEngine().TrainAsync(request); });

        Assert.Contains("sagemaker-xgboost", error.Message, StringComparison.Ordinal);
    }
}
