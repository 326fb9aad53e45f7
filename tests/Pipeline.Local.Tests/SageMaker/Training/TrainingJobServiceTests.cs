using System.Text.Json.Nodes;
using Pipeline.Learning;
using Pipeline.Learning.Inference;
using Pipeline.Local.Persistence;
using Pipeline.Local.SageMaker.Training;
using Pipeline.Local.Services;

namespace Pipeline.Local.Tests.SageMaker.Training;

public sealed class TrainingJobServiceTests : IDisposable
{
    private readonly TrainingJobFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task CreateTrainingJob_BreastCancer_CompletesWithModelAndMetrics()
    {
        await _fixture.PutBreastCancerAsync();

        var created = await _fixture.CallAsync("CreateTrainingJob", TrainingJobFixture.Request("bc-1"));
        var final = await _fixture.Service.WaitForCompletionAsync("bc-1");

        Assert.Equal("arn:aws:sagemaker:us-east-1:000000000000:training-job/bc-1", (string?)created["TrainingJobArn"]);
        Assert.Equal("Completed", (string?)final["TrainingJobStatus"]);
        Assert.Equal("Completed", (string?)final["SecondaryStatus"]);
        Assert.Null(final["FailureReason"]);
        var transitions = final["SecondaryStatusTransitions"]!.AsArray().Select(item => (string)item!["Status"]!).ToArray();
        Assert.Equal(["Starting", "Downloading", "Training", "Uploading", "Completed"], transitions);
        Assert.All(final["SecondaryStatusTransitions"]!.AsArray(), item => Assert.NotNull(item!["EndTime"]));
        Assert.Equal("s3://models/bc/bc-1/output/model.tar.gz", (string?)final["ModelArtifacts"]!["S3ModelArtifacts"]);
        var metrics = final["FinalMetricDataList"]!.AsArray().ToDictionary(item => (string)item!["MetricName"]!, item => (double)item!["Value"]!);
        Assert.Equal(["train:auc", "validation:auc"], metrics.Keys.Order());
        Assert.InRange(metrics["validation:auc"], 0.95, 1.0);
        Assert.NotNull(final["TrainingStartTime"]);
        Assert.NotNull(final["TrainingEndTime"]);
        Assert.Equal(1, (int)final["TrainingTimeInSeconds"]!);
        Assert.Equal(1, (int)final["BillableTimeInSeconds"]!);
        Assert.Equal("20", (string?)final["HyperParameters"]!["num_round"]);
        Assert.Equal(TrainingJobFixture.Role, (string?)final["RoleArn"]);
    }

    [Fact]
    public async Task CreateTrainingJob_ModelArtifact_ExtractsToLoadableModel()
    {
        await _fixture.PutBreastCancerAsync();
        await _fixture.CallAsync("CreateTrainingJob", TrainingJobFixture.Request("bc-model"));
        await _fixture.Service.WaitForCompletionAsync("bc-model");

        var target = Path.Combine(_fixture.Root, "extracted");
        await using (var archive = await _fixture.Objects.GetObjectAsync("models", "bc/bc-model/output/model.tar.gz"))
        {
            await ModelArtifacts.ExtractTarGzAsync(archive, target);
        }

        Assert.True(File.Exists(Path.Combine(target, "xgboost-model")));
        using var model = InferenceModelLoader.Load(target);
        var row = File.ReadLines(TrainingJobFixture.Data("breast_cancer.validation.csv")).First();
        var response = model.Invoke("text/csv", null, System.Text.Encoding.UTF8.GetBytes(row[(row.IndexOf(',', StringComparison.Ordinal) + 1)..]));
        Assert.NotEmpty(response.Body);
    }

    [Fact]
    public async Task CreateTrainingJob_Logs_AreInOneStreamPerJob()
    {
        await _fixture.PutBreastCancerAsync();
        await _fixture.CallAsync("CreateTrainingJob", TrainingJobFixture.Request("bc-logs", numRound: "3"));
        await _fixture.Service.WaitForCompletionAsync("bc-logs");

        var stream = Assert.Single(_fixture.Service.GetLogStreamNames("bc-logs"));
        Assert.StartsWith("bc-logs/algo-1-", stream, StringComparison.Ordinal);
        var page = _fixture.Service.Logs.GetLogEvents(TrainingJobService.LogGroupName, stream, startFromHead: true);
        Assert.Contains(page.Events, item => item.Message.StartsWith("[2]\ttrain-auc:", StringComparison.Ordinal));
        Assert.Contains(page.Events, item => item.Message.Contains("validation-auc:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateTrainingJob_MetricHistory_HasOnePointPerRound()
    {
        await _fixture.PutBreastCancerAsync();
        await _fixture.CallAsync("CreateTrainingJob", TrainingJobFixture.Request("bc-series", numRound: "7"));
        await _fixture.Service.WaitForCompletionAsync("bc-series");

        var history = await _fixture.Service.GetMetricHistoryAsync("bc-series");

        Assert.Equal(Enumerable.Range(0, 7), history["validation:auc"].Select(point => point.Round));
        Assert.Equal(7, history["train:auc"].Count);
        Assert.NotNull(await _fixture.Store.GetAsync(TrainingJobService.MetricsKind, "bc-series"));
    }

    [Fact]
    public async Task CreateTrainingJob_DuplicateName_ThrowsResourceInUse()
    {
        await _fixture.PutBreastCancerAsync();
        await _fixture.CallAsync("CreateTrainingJob", TrainingJobFixture.Request("dup"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateTrainingJob", TrainingJobFixture.Request("DUP")));

        Assert.Equal("ResourceInUse", error.ErrorCode);
        Assert.Equal(
            "Training job names must be unique within an AWS account and region, and a training job with this name already exists (arn:aws:sagemaker:us-east-1:000000000000:training-job/dup)",
            error.Message);
        await _fixture.Service.WaitForCompletionAsync("dup");
    }

    [Theory]
    [InlineData("RoleArn", "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null")]
    [InlineData("AlgorithmSpecification", "1 validation error detected: Value null at 'algorithmSpecification' failed to satisfy constraint: Member must not be null")]
    [InlineData("OutputDataConfig", "1 validation error detected: Value null at 'outputDataConfig' failed to satisfy constraint: Member must not be null")]
    [InlineData("ResourceConfig", "1 validation error detected: Value null at 'resourceConfig' failed to satisfy constraint: Member must not be null")]
    [InlineData("StoppingCondition", "1 validation error detected: Value null at 'stoppingCondition' failed to satisfy constraint: Member must not be null")]
    [InlineData("TrainingJobName", "1 validation error detected: Value null at 'trainingJobName' failed to satisfy constraint: Member must not be null")]
    public async Task CreateTrainingJob_MissingMember_NamesIt(string member, string expected)
    {
        var request = TrainingJobFixture.Request("missing");
        request.Remove(member);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateTrainingJob", request));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData("TrainingJobName", "bad_name!", "Value 'bad_name!' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern")]
    [InlineData("RoleArn", "my-role", "Value 'my-role' at 'roleArn' failed to satisfy constraint")]
    public async Task CreateTrainingJob_InvalidMember_NamesValue(string member, string value, string expected)
    {
        var request = TrainingJobFixture.Request("invalid");
        request[member] = value;

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateTrainingJob", request));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTrainingJob_MaxRuntimeZero_RejectsRange()
    {
        var request = TrainingJobFixture.Request("runtime");
        request["StoppingCondition"] = new JsonObject { ["MaxRuntimeInSeconds"] = 0 };

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("CreateTrainingJob", request));

        Assert.Contains("Member must have value greater than or equal to 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeTrainingJob_UnknownName_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("DescribeTrainingJob", new JsonObject { ["TrainingJobName"] = "nope" }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal("Requested resource not found.", error.Message);
    }

    [Fact]
    public async Task CreateTrainingJob_UnknownHyperParameter_FailsWithClientError()
    {
        await _fixture.PutBreastCancerAsync();
        var request = TrainingJobFixture.Request("bad-hp");
        request["HyperParameters"]!["colour"] = "blue";

        await _fixture.CallAsync("CreateTrainingJob", request);
        var final = await _fixture.Service.WaitForCompletionAsync("bad-hp");

        Assert.Equal("Failed", (string?)final["TrainingJobStatus"]);
        Assert.Equal("Failed", (string?)final["SecondaryStatus"]);
        Assert.StartsWith("ClientError: Extraneous hyperparameter found: colour", (string?)final["FailureReason"], StringComparison.Ordinal);
        Assert.Null(final["ModelArtifacts"]);
        Assert.NotNull(final["TrainingEndTime"]);
    }

    [Fact]
    public async Task CreateTrainingJob_EmptyPrefix_FailsNamingUri()
    {
        await _fixture.PutBreastCancerAsync();

        await _fixture.CallAsync("CreateTrainingJob", TrainingJobFixture.Request("no-data", trainPrefix: "s3://data/processed/none/"));
        var final = await _fixture.Service.WaitForCompletionAsync("no-data");

        Assert.Equal("Failed", (string?)final["TrainingJobStatus"]);
        Assert.Contains("No S3 objects found under S3 URL \"s3://data/processed/none/\"", (string?)final["FailureReason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTrainingJob_BadCsvRow_FailureReasonNamesFileAndLine()
    {
        await _fixture.Objects.CreateBucketAsync("data");
        await _fixture.Objects.PutObjectAsync("data", "bad/train/data.csv", new MemoryStream("1,2,3\n0,x,4\n"u8.ToArray()));
        var request = TrainingJobFixture.Request("bad-row", trainPrefix: "s3://data/bad/train/");
        request["InputDataConfig"]!.AsArray().RemoveAt(1);

        await _fixture.CallAsync("CreateTrainingJob", request);
        var final = await _fixture.Service.WaitForCompletionAsync("bad-row");

        Assert.Equal("ClientError: File 'data.csv', line 2, column 2: value 'x' is not a number. Every cell must be a number; leave a missing value empty.", (string?)final["FailureReason"]);
    }

    [Fact]
    public async Task CreateTrainingJob_ManifestFileGzip_ReadsListedObjects()
    {
        await _fixture.PutBreastCancerAsync();
        using var compressed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(await File.ReadAllBytesAsync(TrainingJobFixture.Data("breast_cancer.train.csv")));
        }

        compressed.Position = 0;
        await _fixture.Objects.PutObjectAsync("data", "gz/part-1.csv.gz", compressed);
        await _fixture.Objects.PutObjectAsync("data", "manifests/train.json", new MemoryStream("""[{"prefix": "s3://data/gz/"}, "part-1.csv.gz"]"""u8.ToArray()));
        var request = TrainingJobFixture.Request("manifest");
        request["InputDataConfig"]!.AsArray()[0] = TrainingJobFixture.Channel("train", "s3://data/manifests/train.json", dataType: "ManifestFile", compression: "Gzip");
        request["InputDataConfig"]!.AsArray()[1]!["CompressionType"] = "None";

        await _fixture.CallAsync("CreateTrainingJob", request);
        var final = await _fixture.Service.WaitForCompletionAsync("manifest");

        Assert.Equal("Completed", (string?)final["TrainingJobStatus"]);
    }

    [Fact]
    public async Task StopTrainingJob_MidTraining_StopsAndKeepsModel()
    {
        await _fixture.PutBreastCancerAsync();
        var reachedRound = new TaskCompletionSource();
        _fixture.Service.RoundCompleted += (name, round) =>
        {
            if (name == "stop-me" && round.Round == 2)
            {
                reachedRound.TrySetResult();
            }
        };

        await _fixture.CallAsync("CreateTrainingJob", TrainingJobFixture.Request("stop-me", numRound: "100000"));
        await reachedRound.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await _fixture.CallAsync("StopTrainingJob", new JsonObject { ["TrainingJobName"] = "stop-me" });
        var final = await _fixture.Service.WaitForCompletionAsync("stop-me");

        Assert.Equal("Stopped", (string?)final["TrainingJobStatus"]);
        Assert.Equal("Stopped", (string?)final["SecondaryStatus"]);
        var transitions = final["SecondaryStatusTransitions"]!.AsArray().Select(item => (string)item!["Status"]!).ToArray();
        Assert.Contains("Stopping", transitions);
        Assert.Equal("s3://models/bc/stop-me/output/model.tar.gz", (string?)final["ModelArtifacts"]!["S3ModelArtifacts"]);
        Assert.NotNull(await _fixture.Objects.HeadObjectAsync("models", "bc/stop-me/output/model.tar.gz"));
        Assert.NotEmpty(final["FinalMetricDataList"]!.AsArray());
    }

    [Fact]
    public async Task StopTrainingJob_CompletedJob_ThrowsValidation()
    {
        await _fixture.PutBreastCancerAsync();
        await _fixture.CallAsync("CreateTrainingJob", TrainingJobFixture.Request("done", numRound: "2"));
        await _fixture.Service.WaitForCompletionAsync("done");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _fixture.CallAsync("StopTrainingJob", new JsonObject { ["TrainingJobName"] = "done" }));

        Assert.Equal("The request was rejected because the training job is in status Completed.", error.Message);
    }

    [Fact]
    public async Task MaxRuntimeInSeconds_Exceeded_StopsWithMaxRuntimeExceeded()
    {
        await _fixture.PutBreastCancerAsync();
        _fixture.Service.RoundCompleted += (name, round) =>
        {
            if (name == "too-long" && round.Round == 2)
            {
                _fixture.Time.Advance(TimeSpan.FromSeconds(61));
            }
        };
        var request = TrainingJobFixture.Request("too-long", numRound: "100000");
        request["StoppingCondition"] = new JsonObject { ["MaxRuntimeInSeconds"] = 60 };

        await _fixture.CallAsync("CreateTrainingJob", request);
        var final = await _fixture.Service.WaitForCompletionAsync("too-long").WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal("Stopped", (string?)final["TrainingJobStatus"]);
        Assert.Equal("MaxRuntimeExceeded", (string?)final["SecondaryStatus"]);
        Assert.Equal("Training job runtime exceeded MaxRuntimeInSeconds provided", (string?)final["SecondaryStatusTransitions"]!.AsArray()[^1]!["StatusMessage"]);
        Assert.NotNull(final["ModelArtifacts"]);
        Assert.Equal(61, (int)final["TrainingTimeInSeconds"]!);
    }

    [Fact]
    public async Task ListTrainingJobs_StatusAndNameFilters_ReturnSummaries()
    {
        await _fixture.PutBreastCancerAsync();
        await _fixture.CallAsync("CreateTrainingJob", TrainingJobFixture.Request("alpha-ok", numRound: "2"));
        await _fixture.Service.WaitForCompletionAsync("alpha-ok");
        var failing = TrainingJobFixture.Request("beta-bad");
        failing["HyperParameters"]!["eta"] = "7";
        await _fixture.CallAsync("CreateTrainingJob", failing);
        await _fixture.Service.WaitForCompletionAsync("beta-bad");

        var failed = await _fixture.CallAsync("ListTrainingJobs", new JsonObject { ["StatusEquals"] = "Failed" });
        var named = await _fixture.CallAsync("ListTrainingJobs", new JsonObject { ["NameContains"] = "ALPHA" });
        var paged = await _fixture.CallAsync("ListTrainingJobs", new JsonObject { ["MaxResults"] = 1, ["SortBy"] = "Name", ["SortOrder"] = "Descending" });

        var failedSummary = Assert.Single(failed["TrainingJobSummaries"]!.AsArray());
        Assert.Equal("beta-bad", (string?)failedSummary!["TrainingJobName"]);
        Assert.Equal("Failed", (string?)failedSummary["TrainingJobStatus"]);
        Assert.Equal("alpha-ok", (string?)Assert.Single(named["TrainingJobSummaries"]!.AsArray())!["TrainingJobName"]);
        Assert.Equal("beta-bad", (string?)Assert.Single(paged["TrainingJobSummaries"]!.AsArray())!["TrainingJobName"]);
        Assert.NotNull(paged["NextToken"]);
    }

    [Fact]
    public async Task DescribeTrainingJob_RunningWhenProcessStopped_ReportsFailed()
    {
        var store = new InMemoryResourceStore();
        await store.PutAsync(TrainingJobService.JobKind, "orphan", new JsonObject
        {
            ["TrainingJobName"] = "orphan",
            ["TrainingJobStatus"] = "InProgress",
            ["SecondaryStatus"] = "Training",
            ["CreationTime"] = 1m,
            ["LastModifiedTime"] = 1m,
            ["SecondaryStatusTransitions"] = new JsonArray(),
        });
        using var fixture = new TrainingJobFixture(store);

        var described = await fixture.CallAsync("DescribeTrainingJob", new JsonObject { ["TrainingJobName"] = "orphan" });

        Assert.Equal("Failed", (string?)described["TrainingJobStatus"]);
        Assert.StartsWith("InternalServerError: The local runtime stopped", (string?)described["FailureReason"], StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task CreateTrainingJob_OwnAlgorithm_ReadsMetricDefinitionsAndFailureFile()
    {
        await _fixture.PutBreastCancerAsync();
        var program = Path.Combine(_fixture.Root, "train.py");
        await File.WriteAllTextAsync(program, """
            #!/usr/bin/python3
            import os, sys
            print("validation-score=0.875", flush=True)
            if os.environ.get("SM_HP_FAIL") == "yes":
                open(os.path.join(os.environ["SM_OUTPUT_DIR"], "failure"), "w").write("RuntimeError: diverged")
                sys.exit(1)
            open(os.path.join(os.environ["SM_MODEL_DIR"], "weights.bin"), "w").write("w")
            """);
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        JsonObject Own(string name, string fail)
        {
            var request = TrainingJobFixture.Request(name);
            request["AlgorithmSpecification"] = JsonNode.Parse($$"""
                { "TrainingImage": "file://{{program}}", "TrainingInputMode": "File",
                  "MetricDefinitions": [ { "Name": "validation:score", "Regex": "validation-score=([0-9.]+)" } ] }
                """);
            request["HyperParameters"] = new JsonObject { ["fail"] = fail };
            return request;
        }

        await _fixture.CallAsync("CreateTrainingJob", Own("own-ok", "no"));
        await _fixture.CallAsync("CreateTrainingJob", Own("own-bad", "yes"));
        var ok = await _fixture.Service.WaitForCompletionAsync("own-ok");
        var bad = await _fixture.Service.WaitForCompletionAsync("own-bad");

        Assert.Equal("Completed", (string?)ok["TrainingJobStatus"]);
        var metric = Assert.Single(ok["FinalMetricDataList"]!.AsArray());
        Assert.Equal("validation:score", (string?)metric!["MetricName"]);
        Assert.Equal(0.875, (double)metric["Value"]!);
        Assert.Equal("Failed", (string?)bad["TrainingJobStatus"]);
        Assert.Equal("AlgorithmError: RuntimeError: diverged", (string?)bad["FailureReason"]);
    }
}
