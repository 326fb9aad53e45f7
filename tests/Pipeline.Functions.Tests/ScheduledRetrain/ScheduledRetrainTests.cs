using System.Text.Json.Nodes;
using Pipeline.Functions.Configuration;
using Pipeline.Functions.DataArrived;
using Pipeline.Functions.ScheduledRetrain;
using Pipeline.Functions.Tests.Fakes;
using static Pipeline.Functions.Tests.ScheduledRetrain.ScheduledRetrainFixture;

namespace Pipeline.Functions.Tests.ScheduledRetrain;

public sealed class ScheduledRetrainTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task HandleAsync_TwoDatasets_StartsOnNewestFileOfEach()
    {
        var fixture = new ScheduledRetrainFixture();
        fixture.Storage.Put(Bucket, "incoming/breast-cancer/2026-11-30.csv", Csv, lastModified: Monday);
        fixture.Storage.Put(Bucket, "incoming/breast-cancer/2026-12-01.csv", Csv + "1,20.57\n", lastModified: Monday.AddDays(1));
        fixture.Storage.Put(Bucket, "incoming/breast-cancer/z-older.csv", Csv, lastModified: Monday.AddHours(-1));
        fixture.Storage.Put(Bucket, "incoming/iris/iris.csv", "species,petal\nsetosa,1.4\n", lastModified: Monday);

        var summary = await fixture.InvokeAsync(ScheduledEvent());

        Assert.Equal(2, summary["started"]!.AsArray().Count);
        Assert.Empty(summary["duplicates"]!.AsArray());
        Assert.Equal(2, fixture.StepFunctions.StartRequests.Count);
        Assert.Equal("incoming/breast-cancer/2026-12-01.csv", (string?)fixture.InputOf(0)["source"]!["key"]);
        Assert.Equal("incoming/iris/iris.csv", (string?)fixture.InputOf(1)["source"]!["key"]);
        Assert.Equal(["incoming/"], fixture.Storage.ListRequests);
    }

    [Fact]
    public async Task HandleAsync_SameObject_InputMatchesDataArrivedExceptRunNames()
    {
        var fixture = new ScheduledRetrainFixture();
        var metadata = fixture.Storage.Put(Bucket, "incoming/breast-cancer/data.csv", Csv, versionId: "v2");
        var dataArrived = new Pipeline.Functions.DataArrived.Function(new DataArrivedOptions { StateMachineArn = StateMachineArn }, fixture.Storage, fixture.StepFunctions, fixture.Clock);
        using (var eventInput = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(S3Events.Notification(S3Events.ForObject(Bucket, "incoming/breast-cancer/data.csv", metadata)).ToJsonString())))
        {
            await dataArrived.HandleAsync(eventInput);
        }

        await fixture.InvokeAsync(ScheduledEvent());

        Assert.Equal(2, fixture.StepFunctions.StartRequests.Count);
        var fromEvent = fixture.InputOf(0);
        var scheduled = fixture.InputOf(1);
        Assert.NotEqual((string?)fromEvent["runId"], (string?)scheduled["runId"]);
        Assert.Equal((string?)scheduled["runId"], fixture.StepFunctions.StartRequests[1].Name);
        Assert.True(JsonNode.DeepEquals(fromEvent["config"], scheduled["config"]));
        Assert.Equal((string?)fromEvent["dataset"], (string?)scheduled["dataset"]);
        foreach (var member in new[] { "bucket", "key", "uri", "eTag", "size", "versionId" })
        {
            Assert.True(JsonNode.DeepEquals(fromEvent["source"]![member], scheduled["source"]![member]), $"source.{member} differs");
        }

        Assert.Equal("0055AED6DCD90281E5", (string?)fromEvent["source"]!["sequencer"]);
        Assert.Null(scheduled["source"]!["sequencer"]);
        Assert.Equal((string?)fromEvent["paths"]!["modelOutput"], (string?)scheduled["paths"]!["modelOutput"]);
        Assert.Equal($"s3://{Bucket}/processed/breast-cancer/{scheduled["runId"]}/train/", (string?)scheduled["paths"]!["train"]);
        Assert.Equal((string?)fromEvent["names"]!["endpoint"], (string?)scheduled["names"]!["endpoint"]);
        Assert.Equal((string?)fromEvent["names"]!["modelPackageGroup"], (string?)scheduled["names"]!["modelPackageGroup"]);
        Assert.Null(fromEvent["trigger"]);
        var trigger = scheduled["trigger"]!.AsObject();
        Assert.Equal("Schedule", (string?)trigger["type"]);
        Assert.Equal("2026-12-06T06:00:00Z", (string?)trigger["scheduledTime"]);
        Assert.Equal(RuleArn, (string?)trigger["rule"]);
        Assert.Equal("Always", (string?)trigger["mode"]);
    }

    [Fact]
    public async Task HandleAsync_SameEventDeliveredTwice_SecondIsDuplicate()
    {
        var fixture = new ScheduledRetrainFixture();
        fixture.Storage.Put(Bucket, "incoming/breast-cancer/data.csv", Csv);

        var first = await fixture.InvokeAsync(ScheduledEvent());
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await fixture.InvokeAsync(ScheduledEvent());

        var arn = (string)first["started"]![0]!;
        Assert.Empty(second["started"]!.AsArray());
        Assert.Equal(arn, (string?)second["duplicates"]![0]);
        Assert.Single(fixture.StepFunctions.Executions);
    }

    [Fact]
    public async Task HandleAsync_NextScheduledTime_StartsAnotherExecution()
    {
        var fixture = new ScheduledRetrainFixture();
        fixture.Storage.Put(Bucket, "incoming/breast-cancer/data.csv", Csv);

        var first = await fixture.InvokeAsync(ScheduledEvent(time: "2026-12-06T06:00:00Z"));
        fixture.Clock.Advance(TimeSpan.FromDays(7));
        var next = await fixture.InvokeAsync(ScheduledEvent(time: "2026-12-13T06:00:00Z", id: "another-event"));

        Assert.NotEqual((string?)first["started"]![0], (string?)next["started"]![0]);
        Assert.Equal(2, fixture.StepFunctions.Executions.Count);
    }

    [Fact]
    public async Task HandleAsync_WhenChanged_UsesDataArrivedNameAndSkipsTrainedData()
    {
        var fixture = new ScheduledRetrainFixture(new ScheduledRetrainOptions { StateMachineArn = StateMachineArn, DataBucket = Bucket, Mode = ScheduledRunMode.WhenChanged });
        var metadata = fixture.Storage.Put(Bucket, "incoming/breast-cancer/data.csv", Csv);

        var first = await fixture.InvokeAsync(ScheduledEvent(time: "2026-12-06T06:00:00Z"));
        fixture.Clock.Advance(TimeSpan.FromDays(7));
        var next = await fixture.InvokeAsync(ScheduledEvent(time: "2026-12-13T06:00:00Z"));

        var expectedName = ExecutionNames.ExecutionName(
            "breast-cancer",
            ExecutionNames.RunHash(ExecutionNames.ObjectHash(Bucket, "incoming/breast-cancer/data.csv", metadata.ETag), ScheduledRetrainFixture.Configuration));
        Assert.Equal(expectedName, fixture.StepFunctions.StartRequests[0].Name);
        Assert.Single(first["started"]!.AsArray());
        Assert.Empty(next["started"]!.AsArray());
        Assert.Single(next["duplicates"]!.AsArray());
    }

    [Fact]
    public async Task HandleAsync_WhenChangedAfterConfigurationEdit_StartsExecution()
    {
        var fixture = new ScheduledRetrainFixture(new ScheduledRetrainOptions { StateMachineArn = StateMachineArn, DataBucket = Bucket, Mode = ScheduledRunMode.WhenChanged });
        fixture.Storage.Put(Bucket, "incoming/breast-cancer/data.csv", Csv);
        await fixture.InvokeAsync(ScheduledEvent(time: "2026-12-06T06:00:00Z"));

        fixture.Storage.Put(Bucket, "config/breast-cancer.json", """{ "preprocessing": { "target": "diagnosis" }, "training": { "maxRuntimeInSeconds": 1200 } }""");
        fixture.Clock.Advance(TimeSpan.FromDays(7));
        var next = await fixture.InvokeAsync(ScheduledEvent(time: "2026-12-13T06:00:00Z"));

        Assert.Single(next["started"]!.AsArray());
        Assert.Equal(2, fixture.StepFunctions.Executions.Count);
    }

    [Fact]
    public async Task HandleAsync_MissingConfiguration_StartsOthersThenFailsNamingKey()
    {
        var fixture = new ScheduledRetrainFixture();
        fixture.Storage.Put(Bucket, "incoming/breast-cancer/data.csv", Csv);
        fixture.Storage.Put(Bucket, "incoming/wine/wine.csv", "quality,alcohol\n5,9.4\n");

        var error = await Assert.ThrowsAsync<DatasetConfigurationException>(() => fixture.InvokeAsync(ScheduledEvent()));

        Assert.Contains($"s3://{Bucket}/config/wine.json", error.Message, StringComparison.Ordinal);
        var request = Assert.Single(fixture.StepFunctions.StartRequests);
        Assert.StartsWith("breast-cancer-", request.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_KeysDataArrivedIgnores_AreNotTrainedOn()
    {
        var fixture = new ScheduledRetrainFixture();
        fixture.Storage.Put(Bucket, "incoming/breast-cancer/notes.txt", "not data", lastModified: Monday.AddDays(2));
        fixture.Storage.Put(Bucket, "incoming/breast-cancer/empty.csv", string.Empty, lastModified: Monday.AddDays(2));
        fixture.Storage.Put(Bucket, "incoming/breast-cancer/data.CSV", Csv, lastModified: Monday);
        fixture.Storage.Put(Bucket, "incoming/top-level.csv", Csv, lastModified: Monday.AddDays(3));
        fixture.Storage.Put(Bucket, "incoming/Bad_Folder/x.csv", Csv);

        var summary = await fixture.InvokeAsync(ScheduledEvent());

        Assert.Equal("incoming/breast-cancer/data.CSV", (string?)fixture.InputOf(0)["source"]!["key"]);
        var skipped = Assert.Single(summary["skipped"]!.AsArray())!;
        Assert.Equal("incoming/Bad_Folder/", (string?)skipped["key"]);
        Assert.Contains(SageMakerNames.DatasetNameRule, (string?)skipped["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_DatasetsListed_RetrainsOnlyThoseAndReportsMissingData()
    {
        var fixture = new ScheduledRetrainFixture(new ScheduledRetrainOptions { StateMachineArn = StateMachineArn, DataBucket = Bucket, Datasets = ["iris", "wine"] });
        fixture.Storage.Put(Bucket, "incoming/breast-cancer/data.csv", Csv);
        fixture.Storage.Put(Bucket, "incoming/iris/iris.csv", "species,petal\nsetosa,1.4\n");

        var summary = await fixture.InvokeAsync(ScheduledEvent());

        var request = Assert.Single(fixture.StepFunctions.StartRequests);
        Assert.StartsWith("iris-", request.Name, StringComparison.Ordinal);
        var skipped = Assert.Single(summary["skipped"]!.AsArray())!;
        Assert.Equal("incoming/wine/", (string?)skipped["key"]);
        Assert.Equal("the dataset has no non-empty .csv file under incoming/wine/", (string?)skipped["reason"]);
    }

    [Fact]
    public async Task HandleAsync_NoDataAtAll_StartsNothing()
    {
        var fixture = new ScheduledRetrainFixture();

        var summary = await fixture.InvokeAsync(ScheduledEvent());

        Assert.Empty(summary["started"]!.AsArray());
        Assert.Empty(summary["skipped"]!.AsArray());
        Assert.Empty(fixture.StepFunctions.StartRequests);
    }

    [Fact]
    public async Task HandleAsync_MissingSettings_ReportsEveryProblem()
    {
        var fixture = new ScheduledRetrainFixture(ScheduledRetrainOptions.FromEnvironment(new Dictionary<string, string?>
        {
            ["SCHEDULED_RUN_MODE"] = "Sometimes",
            ["SCHEDULED_DATASETS"] = "iris, Bad_Name",
        }));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.InvokeAsync(ScheduledEvent()));

        Assert.Contains("STATE_MACHINE_ARN is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("DATA_BUCKET is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("SCHEDULED_RUN_MODE 'Sometimes' is invalid. Use Always or WhenChanged.", error.Message, StringComparison.Ordinal);
        Assert.Contains("SCHEDULED_DATASETS names 'Bad_Name'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'iris'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_Variables_AreRead()
    {
        var options = ScheduledRetrainOptions.FromEnvironment(new Dictionary<string, string?>
        {
            ["STATE_MACHINE_ARN"] = StateMachineArn,
            ["DATA_BUCKET"] = Bucket,
            ["INCOMING_PREFIX"] = "/landing",
            ["SCHEDULED_DATASETS"] = " iris ,wine,iris",
            ["SCHEDULED_RUN_MODE"] = "whenchanged",
        });

        Assert.Empty(options.Validate());
        Assert.Equal("landing/", options.IncomingPrefix);
        Assert.Equal(["iris", "wine"], options.Datasets);
        Assert.Equal(ScheduledRunMode.WhenChanged, options.Mode);
    }

    [Theory]
    [InlineData("""{"detail-type":"Scheduled Event"}""", "has no 'time' string")]
    [InlineData("""{"time":"next tuesday"}""", "time 'next tuesday' is not an ISO 8601 timestamp")]
    [InlineData("""[1,2]""", "must be an EventBridge Scheduled Event object")]
    public void Parse_BadEvent_NamesProblemAndFix(string json, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => ScheduledInvocation.Parse(JsonNode.Parse(json)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ScheduledEvent_ReadsTimeAndRule()
    {
        var invocation = ScheduledInvocation.Parse(ScheduledEvent(time: "2026-12-06T07:00:00+01:00"));

        Assert.Equal(new DateTimeOffset(2026, 12, 6, 6, 0, 0, TimeSpan.Zero), invocation.Time);
        Assert.Equal("2026-12-06T06:00:00Z", invocation.FormattedTime);
        Assert.Equal(RuleArn, invocation.RuleArn);
        Assert.Equal($"{RuleArn}@2026-12-06T06:00:00Z", invocation.ScheduleId);
    }
}
