using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Local.SageMaker.Hosting;
using Pipeline.Local.SageMaker.Hosting.RawRows;
using Pipeline.Local.Storage;

namespace Pipeline.Local.Tests.SageMaker.Hosting.RawRows;

public sealed class RawRowModelLoaderTests : IDisposable
{
    private const string Bucket = "data";
    private const string ManifestUri = "s3://data/processed/mixed/run-1/manifest.json";
    private const string Columns = "id, when, city, size, grade, price, label, color, weight";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "raw-rows-" + Guid.NewGuid().ToString("N"));
    private readonly FolderObjectStore _objects;
    private readonly RecordingModelLoader _inner = new();

    public RawRowModelLoaderTests()
    {
        _objects = new FolderObjectStore(_root);
        _objects.CreateBucketAsync(Bucket).GetAwaiter().GetResult();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private RawRowModelLoader CreateLoader() => new(_inner, _objects, NullLoggerFactory.Instance);

    private static Dictionary<string, string> RawRowEnvironment(string manifestUri = ManifestUri) => new(StringComparer.Ordinal)
    {
        [ModelInputEnvironment.InputModeVariable] = ModelInputEnvironment.RawRows,
        [ModelInputEnvironment.ManifestUriVariable] = manifestUri,
    };

    private async Task UploadManifestAsync()
    {
        await using var manifest = File.OpenRead(RepositoryPaths.Of("tests", "vectors", "raw-rows", "mixed-columns", "manifest.json"));
        await _objects.PutObjectAsync(Bucket, "processed/mixed/run-1/manifest.json", manifest);
    }

    private static ReadOnlyMemory<byte> Body(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Load_NoInputMode_ReturnsTheInnerModel()
    {
        var model = await CreateLoader().LoadAsync("/opt/ml/model", "xgboost", new Dictionary<string, string>(), CancellationToken.None);

        Assert.Same(_inner.Loaded.Single(), model);
    }

    [Fact]
    public async Task Load_EncodedInputMode_ReturnsTheInnerModel()
    {
        var environment = new Dictionary<string, string> { [ModelInputEnvironment.InputModeVariable] = ModelInputEnvironment.EncodedRows };

        var model = await CreateLoader().LoadAsync("/opt/ml/model", "xgboost", environment, CancellationToken.None);

        Assert.Same(_inner.Loaded.Single(), model);
    }

    [Fact]
    public async Task Invoke_RawRows_SendsEncodedFeaturesToTheModel()
    {
        await UploadManifestAsync();
        using var model = await CreateLoader().LoadAsync("/opt/ml/model", "xgboost", RawRowEnvironment(), CancellationToken.None);

        var response = await model.InvokeAsync("text/csv; charset=utf-8", "application/json", Body("99,2024-01-05,Oslo,2.5,high,\"1,500\",red,60\n100,NA,Paris,,,,blue,61"), CancellationToken.None);

        var inner = _inner.Loaded.Single();
        Assert.Equal("text/csv", inner.LastContentType);
        Assert.Equal("application/json", inner.LastAccept);
        Assert.Equal("1704412800,0,1,0,2.5,2,1500,0,1,60\n1705617240,0,0,1,,1,2612.3846153846152,1,0,61\n", inner.LastBody);
        Assert.Equal("predicted 2 rows", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task Invoke_WrongFieldCount_ThrowsModelErrorNamingTheColumns()
    {
        await UploadManifestAsync();
        using var model = await CreateLoader().LoadAsync("/opt/ml/model", "xgboost", RawRowEnvironment(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<ModelErrorException>(() => model.InvokeAsync("text/csv", null, Body("1,2,3"), CancellationToken.None));

        Assert.Equal(400, error.OriginalStatusCode);
        Assert.Contains($"the request line 1 has 3 values, but the model expects the 9 input columns ({Columns})", error.Message, StringComparison.Ordinal);
        Assert.Null(_inner.Loaded.Single().LastBody);
    }

    [Fact]
    public async Task Invoke_JsonContentType_ThrowsModelError415()
    {
        await UploadManifestAsync();
        using var model = await CreateLoader().LoadAsync("/opt/ml/model", "xgboost", RawRowEnvironment(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<ModelErrorException>(() => model.InvokeAsync("application/json", null, Body("[[1,2]]"), CancellationToken.None));

        Assert.Equal(415, error.OriginalStatusCode);
        Assert.Contains("Content-type application/json is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains(Columns, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_BlankBody_ThrowsModelErrorSayingEmpty()
    {
        await UploadManifestAsync();
        using var model = await CreateLoader().LoadAsync("/opt/ml/model", "xgboost", RawRowEnvironment(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<ModelErrorException>(() => model.InvokeAsync("text/csv", null, Body("\n\r\n"), CancellationToken.None));

        Assert.Equal(400, error.OriginalStatusCode);
        Assert.StartsWith("The request body is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ManifestNotFound_FailsNamingTheUri()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CreateLoader().LoadAsync("/opt/ml/model", "xgboost", RawRowEnvironment("s3://data/processed/none/manifest.json"), CancellationToken.None));

        Assert.Contains("Could not find the preprocessing manifest at s3://data/processed/none/manifest.json", error.Message, StringComparison.Ordinal);
        Assert.Empty(_inner.Loaded);
    }

    [Fact]
    public async Task Load_ManifestUriMissing_FailsNamingTheVariable()
    {
        var environment = new Dictionary<string, string> { [ModelInputEnvironment.InputModeVariable] = ModelInputEnvironment.RawRows };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CreateLoader().LoadAsync("/opt/ml/model", "xgboost", environment, CancellationToken.None));

        Assert.Contains($"has no {ModelInputEnvironment.ManifestUriVariable}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ManifestUriNotS3_FailsNamingTheValue()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CreateLoader().LoadAsync("/opt/ml/model", "xgboost", RawRowEnvironment("manifest.json"), CancellationToken.None));

        Assert.Contains("is 'manifest.json', which is not the S3 URI of an object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_UnknownInputMode_FailsNamingTheValueAndTheChoices()
    {
        var environment = new Dictionary<string, string> { [ModelInputEnvironment.InputModeVariable] = "rows" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CreateLoader().LoadAsync("/opt/ml/model", "xgboost", environment, CancellationToken.None));

        Assert.Contains($"{ModelInputEnvironment.InputModeVariable} to 'rows'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'raw'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'encoded'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ManifestNotJson_FailsNamingTheUri()
    {
        await _objects.PutObjectAsync(Bucket, "processed/mixed/run-1/manifest.json", new MemoryStream(Encoding.UTF8.GetBytes("not json")));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CreateLoader().LoadAsync("/opt/ml/model", "xgboost", RawRowEnvironment(), CancellationToken.None));

        Assert.StartsWith($"The preprocessing manifest at {ManifestUri} cannot be read", error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingModelLoader : IEndpointModelLoader
    {
        public List<RecordingModel> Loaded { get; } = [];

        public Task<IEndpointModel> LoadAsync(string modelDirectory, string image, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
        {
            var model = new RecordingModel();
            Loaded.Add(model);
            return Task.FromResult<IEndpointModel>(model);
        }
    }

    /// <summary>Records the last request and returns the number of rows it received.</summary>
    private sealed class RecordingModel : IEndpointModel
    {
        public string? LastContentType { get; private set; }

        public string? LastAccept { get; private set; }

        public string? LastBody { get; private set; }

        public Task<EndpointResponse> InvokeAsync(string contentType, string? accept, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
        {
            LastContentType = contentType;
            LastAccept = accept;
            LastBody = Encoding.UTF8.GetString(body.Span);
            var rows = LastBody.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            return Task.FromResult(new EndpointResponse("text/csv", Encoding.UTF8.GetBytes($"predicted {rows} rows")));
        }

        public void Dispose()
        {
        }
    }
}
