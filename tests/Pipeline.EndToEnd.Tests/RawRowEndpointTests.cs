using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Local.SageMaker.Hosting.RawRows;

namespace Pipeline.EndToEnd.Tests;

/// <summary>
/// The breast-cancer sample with <c>deployment.acceptRawRows</c>: the endpoint takes rows of the source file as they
/// are and encodes them with the run's preprocessing manifest.
/// </summary>
public sealed class RawRowEndpointTests : IClassFixture<PipelineFixture>
{
    private const string Dataset = "bc-raw";

    private readonly PipelineFixture _fixture;

    public RawRowEndpointTests(PipelineFixture fixture)
    {
        _fixture = fixture;
    }

    // The same 0.9 accuracy bound as the encoded-row sample test: the model and the split are the same, only the
    // request format differs.
    [Fact]
    public async Task Run_BreastCancerWithRawRows_ClassifiesRawValidationRows()
    {
        var sample = RepositoryPaths.Of("samples", "breast-cancer", "breast_cancer.csv");
        var config = _fixture.WriteConfiguration("breast-cancer", Dataset, configuration => configuration["deployment"]!["acceptRawRows"] = true);

        var result = await _fixture.RunAsync(sample, Dataset, config);

        Assert.True(result.Execution!.Status == "SUCCEEDED", $"{result.FailedState}: {result.Execution.Output}");
        Assert.Equal("Deployed", JsonNode.Parse(result.Execution.Output!)!["outcome"]!.GetValue<string>());
        var environment = CreateModelParameters(result)["PrimaryContainer"]!["Environment"]!;
        var manifestKey = $"processed/{Dataset}/{result.Execution.Name}/manifest.json";
        Assert.Equal(ModelInputEnvironment.RawRows, (string?)environment[ModelInputEnvironment.InputModeVariable]);
        Assert.Equal($"s3://{_fixture.Runtime.DataBucket}/{manifestKey}", (string?)environment[ModelInputEnvironment.ManifestUriVariable]);
        Assert.NotNull(await _fixture.Runtime.Objects.HeadObjectAsync(_fixture.Runtime.DataBucket, manifestKey));

        // The raw validation rows are the lines of the sample whose features the run wrote to its validation split.
        var validation = (await _fixture.ReadSplitAsync(Dataset, result.Execution.Name, "validation")).Select(row => row.Features).ToHashSet(StringComparer.Ordinal);
        var rows = File.ReadLines(sample).Skip(1)
            .Select(line => (Features: line[..line.LastIndexOf(',')], Label: double.Parse(line[(line.LastIndexOf(',') + 1)..], CultureInfo.InvariantCulture), Line: line))
            .Where(row => validation.Contains(row.Features))
            .ToList();
        Assert.True(rows.Count >= 50, $"only {rows.Count} raw rows matched the validation split");

        var (status, body) = await _fixture.InvokeAsync(Dataset, "text/csv", string.Join('\n', rows.Select(row => row.Features)));

        Assert.True(status == 200, body);
        var predictions = PipelineFixture.ParsePredictions(body);
        Assert.Equal(rows.Count, predictions.Count);
        var correct = rows.Zip(predictions).Count(pair => (pair.Second >= 0.5 ? 1.0 : 0.0) == pair.First.Label);
        Assert.True(correct >= 0.9 * rows.Count, $"{correct} of {rows.Count} raw validation rows were classified correctly");

        // Whole lines of the file, target included, give the same predictions.
        var (fullStatus, fullBody) = await _fixture.InvokeAsync(Dataset, "text/csv", string.Join("\r\n", rows.Select(row => row.Line)));
        Assert.True(fullStatus == 200, fullBody);
        Assert.Equal(predictions, PipelineFixture.ParsePredictions(fullBody));

        // A missing-value marker is read as missing, as it was in training, where an encoded-row endpoint rejects it.
        var withMissing = "NA," + rows[0].Features[(rows[0].Features.IndexOf(',', StringComparison.Ordinal) + 1)..];
        var (missingStatus, missingBody) = await _fixture.InvokeAsync(Dataset, "text/csv", withMissing);
        Assert.True(missingStatus == 200, missingBody);
        Assert.Single(PipelineFixture.ParsePredictions(missingBody));

        // A row with the wrong number of fields gets SageMaker's ModelError with the expected columns.
        var (wrongStatus, wrongBody) = await _fixture.InvokeAsync(Dataset, "text/csv", "17.99,10.38,122.8\n");
        Assert.Equal(424, wrongStatus);
        var error = JsonNode.Parse(wrongBody)!;
        Assert.Equal(400, (int)error["OriginalStatusCode"]!);
        Assert.Equal("CLIENT_ERROR_FROM_MODEL", (string?)error["ErrorCode"]);
        var message = (string)error["OriginalMessage"]!;
        Assert.Contains("the request line 1 has 3 values, but the model expects the 31 input columns (mean_radius, mean_texture, mean_perimeter,", message, StringComparison.Ordinal);
        Assert.Contains("worst_fractal_dimension, diagnosis) or those 30 without the target 'diagnosis'", message, StringComparison.Ordinal);
    }


    private static JsonObject CreateModelParameters(Pipeline.Local.DatasetRunResult result)
    {
        var details = result.History
            .Where(e => e.Type == "TaskScheduled")
            .Select(e => e.GetDetails()!)
            .Single(d => (string?)d["resource"] == "createModel");
        return JsonNode.Parse((string)details["parameters"]!)!.AsObject();
    }
}
