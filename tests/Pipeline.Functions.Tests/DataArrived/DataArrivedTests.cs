using System.Text.Json.Nodes;
using Pipeline.Functions.DataArrived;
using Pipeline.Functions.Tests.Fakes;
using static Pipeline.Functions.Tests.DataArrived.DataArrivedFixture;

namespace Pipeline.Functions.Tests.DataArrived;

public sealed class DataArrivedTests
{
    private const string Csv = "diagnosis,radius\n1,17.99\n0,13.54\n";

    [Fact]
    public async Task HandleAsync_NewCsv_StartsExecutionWithContractInput()
    {
        var fixture = new DataArrivedFixture();
        var metadata = fixture.Storage.Put(Bucket, "incoming/breast-cancer/data.csv", Csv);

        var summary = await fixture.InvokeAsync(S3Events.Notification(S3Events.ForObject(Bucket, "incoming/breast-cancer/data.csv", metadata)));

        var request = Assert.Single(fixture.StepFunctions.StartRequests);
        var expectedName = ExecutionNames.ExecutionName("breast-cancer", ExecutionNames.RunHash(ExecutionNames.ObjectHash(Bucket, "incoming/breast-cancer/data.csv", metadata.ETag), DataArrivedFixture.MinimalConfiguration));
        Assert.Equal(StateMachineArn, request.StateMachineArn);
        Assert.Equal(expectedName, request.Name);
        Assert.Equal(["arn:aws:states:us-east-1:123456789012:execution:retrain:" + expectedName], Strings(summary["started"]));
        Assert.Empty(summary["duplicates"]!.AsArray());
        Assert.Empty(summary["skipped"]!.AsArray());

        var input = JsonNode.Parse(request.Input!)!.AsObject();
        Assert.Equal("breast-cancer", (string?)input["dataset"]);
        Assert.Equal(expectedName, (string?)input["runId"]);
        var source = input["source"]!.AsObject();
        Assert.Equal(Bucket, (string?)source["bucket"]);
        Assert.Equal("incoming/breast-cancer/data.csv", (string?)source["key"]);
        Assert.Equal($"s3://{Bucket}/incoming/breast-cancer/data.csv", (string?)source["uri"]);
        Assert.Equal(metadata.ETag, (string?)source["eTag"]);
        Assert.Equal(metadata.ContentLength, (long?)source["size"]);
        Assert.True(source.ContainsKey("versionId"));
        Assert.Null(source["versionId"]);
        Assert.Equal("0055AED6DCD90281E5", (string?)source["sequencer"]);

        var paths = input["paths"]!.AsObject();
        Assert.Equal($"s3://{Bucket}/processed/breast-cancer/{expectedName}/", (string?)paths["processed"]);
        Assert.Equal($"s3://{Bucket}/processed/breast-cancer/{expectedName}/train/", (string?)paths["train"]);
        Assert.Equal($"s3://{Bucket}/processed/breast-cancer/{expectedName}/validation/", (string?)paths["validation"]);
        Assert.Equal($"s3://{Bucket}/models/breast-cancer/", (string?)paths["modelOutput"]);

        var names = input["names"]!.AsObject();
        var trainingJob = (string)names["trainingJob"]!;
        Assert.Matches("^breast-cancer-20261204201531-[0-9a-f]{6}$", trainingJob);
        Assert.Equal(trainingJob, (string?)names["model"]);
        Assert.Equal(trainingJob, (string?)names["endpointConfig"]);
        Assert.Equal("breast-cancer", (string?)names["endpoint"]);
        Assert.Equal("breast-cancer", (string?)names["modelPackageGroup"]);

        var config = input["config"]!.AsObject();
        Assert.Equal("diagnosis", (string?)config["preprocessing"]!["target"]);
        Assert.Equal("ml.m5.large", (string?)config["training"]!["instanceType"]);
        Assert.Equal("100", (string?)config["training"]!["hyperParameters"]!["num_round"]);
        Assert.Equal("validation:auc", (string?)config["promotion"]!["metric"]);
        Assert.Equal("Maximize", (string?)config["promotion"]!["direction"]);
        Assert.Equal("breast-cancer", (string?)config["deployment"]!["endpointName"]);
    }

    [Theory]
    [InlineData("ObjectCreated:Put")]
    [InlineData("ObjectCreated:Post")]
    [InlineData("ObjectCreated:Copy")]
    [InlineData("ObjectCreated:CompleteMultipartUpload")]
    [InlineData("s3:ObjectCreated:Put")]
    public async Task HandleAsync_EveryObjectCreatedType_StartsExecution(string eventName)
    {
        var fixture = new DataArrivedFixture();
        var metadata = fixture.Storage.Put(Bucket, "incoming/breast-cancer/data.csv", Csv);

        var summary = await fixture.InvokeAsync(S3Events.Notification(S3Events.ForObject(Bucket, "incoming/breast-cancer/data.csv", metadata, eventName: eventName)));

        Assert.Single(Strings(summary["started"]));
    }

    [Theory]
    [InlineData("incoming/breast-cancer/my+data+file.csv", "incoming/breast-cancer/my data file.csv")]
    [InlineData("incoming/breast-cancer/a%2Bb.csv", "incoming/breast-cancer/a+b.csv")]
    [InlineData("incoming/breast-cancer/donn%C3%A9es+%C3%A9t%C3%A9.csv", "incoming/breast-cancer/données été.csv")]
    [InlineData("incoming/breast-cancer/%E6%95%B0%E6%8D%AE.csv", "incoming/breast-cancer/数据.csv")]
    [InlineData("incoming/breast-cancer/100%25+sure%3F.csv", "incoming/breast-cancer/100% sure?.csv")]
    public async Task HandleAsync_UrlEncodedKey_UsesDecodedKey(string encodedKey, string key)
    {
        var fixture = new DataArrivedFixture();
        var metadata = fixture.Storage.Put(Bucket, key, Csv);

        var summary = await fixture.InvokeAsync(S3Events.Notification(S3Events.Record(Bucket, encodedKey, metadata.ContentLength, metadata.ETag)));

        Assert.Single(Strings(summary["started"]));
        Assert.Equal([key], fixture.Storage.HeadRequests);
        var input = JsonNode.Parse(Assert.Single(fixture.StepFunctions.StartRequests).Input!)!;
        Assert.Equal(key, (string?)input["source"]!["key"]);
        Assert.Equal($"s3://{Bucket}/{key}", (string?)input["source"]!["uri"]);
    }

    [Theory]
    [InlineData("ObjectRemoved:Delete", "incoming/breast-cancer/data.csv", 10, "not ObjectCreated")]
    [InlineData("ObjectRestore:Completed", "incoming/breast-cancer/data.csv", 10, "not ObjectCreated")]
    [InlineData("s3:ObjectRemoved:DeleteMarkerCreated", "incoming/breast-cancer/data.csv", 10, "not ObjectCreated")]
    [InlineData("ObjectCreated:Put", "incoming/breast-cancer/", 0, "folder marker")]
    [InlineData("ObjectCreated:Put", "incoming/breast-cancer/data.csv", 0, "empty")]
    [InlineData("ObjectCreated:Put", "uploads/breast-cancer/data.csv", 10, "not under incoming/<dataset>/")]
    [InlineData("ObjectCreated:Put", "incoming/data.csv", 10, "not under incoming/<dataset>/")]
    [InlineData("ObjectCreated:Put", "incoming/breast-cancer/data.json", 10, "does not end in .csv")]
    [InlineData("ObjectCreated:Put", "incoming/breast-cancer/data.csv.gz", 10, "does not end in .csv")]
    [InlineData("ObjectCreated:Put", "processed/breast-cancer/run/train/data.csv", 10, "not under incoming/<dataset>/")]
    [InlineData("ObjectCreated:Put", "config/breast-cancer.json", 10, "not under incoming/<dataset>/")]
    [InlineData("ObjectCreated:Put", "incoming/Breast_Cancer/data.csv", 10, "'Breast_Cancer' is not a valid dataset name")]
    [InlineData("ObjectCreated:Put", "incoming/-lead/data.csv", 10, "'-lead' is not a valid dataset name")]
    public async Task HandleAsync_IgnoredRecord_IsSkippedWithReason(string eventName, string key, long size, string reason)
    {
        var fixture = new DataArrivedFixture();
        fixture.Storage.Put(Bucket, key, size == 0 ? string.Empty : Csv);

        var summary = await fixture.InvokeAsync(S3Events.Notification(S3Events.Record(Bucket, key, size, "abc", eventName: eventName)));

        Assert.Contains(reason, SkipReason(summary), StringComparison.Ordinal);
        Assert.Equal(key, (string?)summary["skipped"]![0]!["key"]);
        Assert.Empty(fixture.StepFunctions.StartRequests);
    }

    [Fact]
    public async Task HandleAsync_OtherEventSource_IsSkipped()
    {
        var fixture = new DataArrivedFixture();
        var record = S3Events.Record(Bucket, "incoming/breast-cancer/data.csv", 10, "abc");
        record["eventSource"] = "aws:sqs";

        var summary = await fixture.InvokeAsync(S3Events.Notification(record));

        Assert.Contains("aws:sqs", SkipReason(summary), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_UnknownEventVersion_IsSkipped()
    {
        var fixture = new DataArrivedFixture();
        var record = S3Events.Record(Bucket, "incoming/breast-cancer/data.csv", 10, "abc");
        record["eventVersion"] = "3.0";

        var summary = await fixture.InvokeAsync(S3Events.Notification(record));

        Assert.Contains("3.0", SkipReason(summary), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_UppercaseCsvExtension_StartsExecution()
    {
        var fixture = new DataArrivedFixture();
        var metadata = fixture.Storage.Put(Bucket, "incoming/breast-cancer/DATA.CSV", Csv);

        var summary = await fixture.InvokeAsync(S3Events.Notification(S3Events.ForObject(Bucket, "incoming/breast-cancer/DATA.CSV", metadata)));

        Assert.Single(Strings(summary["started"]));
    }

    [Fact]
    public async Task HandleAsync_CustomPrefixes_AreHonoured()
    {
        var options = DataArrivedOptions.FromEnvironment(new Dictionary<string, string?>
        {
            ["STATE_MACHINE_ARN"] = StateMachineArn,
            ["INCOMING_PREFIX"] = "/landing",
            ["CONFIG_PREFIX"] = "settings",
        });
        var fixture = new DataArrivedFixture(options);
        var metadata = fixture.Storage.Put(Bucket, "landing/breast-cancer/x.csv", Csv);

        var summary = await fixture.InvokeAsync(S3Events.Notification(S3Events.ForObject(Bucket, "landing/breast-cancer/x.csv", metadata)));

        Assert.Equal("landing/", options.IncomingPrefix);
        Assert.Equal("settings/", options.ConfigPrefix);
        Assert.Single(Strings(summary["started"]));
    }

    [Fact]
    public async Task HandleAsync_S3TestEvent_ReturnsEmptySummary()
    {
        var fixture = new DataArrivedFixture();

        var summary = await fixture.InvokeAsync(new JsonObject { ["Service"] = "Amazon S3", ["Event"] = "s3:TestEvent", ["Time"] = "2026-12-04T20:00:00.000Z", ["Bucket"] = Bucket });

        Assert.Empty(summary["started"]!.AsArray());
        Assert.Empty(summary["skipped"]!.AsArray());
    }

    [Fact]
    public async Task HandleAsync_MissingStateMachineArn_FailsNamingVariable()
    {
        var fixture = new DataArrivedFixture(new DataArrivedOptions());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.InvokeAsync(S3Events.Notification()));

        Assert.Contains("STATE_MACHINE_ARN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_InputNotJson_FailsWithClearMessage()
    {
        var fixture = new DataArrivedFixture();
        using var input = new MemoryStream("not json"u8.ToArray());

        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Function.HandleAsync(input));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }
}
